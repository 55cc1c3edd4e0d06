package dev.pulldoctor.gcp;

import com.google.cloud.iam.credentials.v1.GenerateAccessTokenRequest;
import com.google.cloud.iam.credentials.v1.GenerateAccessTokenResponse;
import com.google.cloud.iam.credentials.v1.IAMCredentialsGrpc;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryGrpc;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.iam.v1.TestIamPermissionsResponse;
import com.google.protobuf.util.Durations;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Ports.Impersonation;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.domain.RepositoryRef;
import io.grpc.CallCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Asks Artifact Registry as the node account itself: {@code testIamPermissions} answers for the
 * caller, so Pull Doctor first mints a short-lived token for the node account (which needs Token
 * Creator on it) and calls with that. One token per account is kept until shortly before it
 * expires, so a storm or an audit mints each account's token once; a refusal to mint (no Token
 * Creator, a disabled or deleted account) is remembered for a minute, so that the pairs of an
 * audit, or the events of a storm, that fall back to another method do not each ask again.
 */
final class ImpersonationAdapter implements Impersonation {
  private static final Duration LIFETIME = Duration.ofMinutes(15);
  private static final Duration MARGIN = Duration.ofMinutes(2);
  private static final Duration REFUSAL_MEMORY = Duration.ofMinutes(1);

  private final GrpcApi credentials;
  private final GrpcApi registry;
  private final Function<String, CallCredentials> asToken;
  private final Clock clock;
  private final Map<String, Minted> tokens = new ConcurrentHashMap<>();
  private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  private record Minted(GrpcApi registry, Instant expires) {}

  private record Refusal(InspectionFailure failure, Instant until) {}

  ImpersonationAdapter(
      GrpcApi credentials,
      GrpcApi registry,
      Function<String, CallCredentials> asToken,
      Clock clock) {
    this.credentials = credentials;
    this.registry = registry;
    this.asToken = asToken;
    this.clock = clock;
  }

  @Override
  public boolean mayPull(String account, RepositoryRef repo) {
    GrpcApi asAccount = registryAs(account);
    try {
      TestIamPermissionsResponse r =
          asAccount.call(
              ArtifactRegistryGrpc.getTestIamPermissionsMethod(),
              TestIamPermissionsRequest.newBuilder()
                  .setResource(repo.resourceName())
                  .addPermissions(RoleCatalog.DOWNLOAD)
                  .build());
      return r.getPermissionsList().contains(RoleCatalog.DOWNLOAD);
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e,
          ApiPermission.ARTIFACT_REGISTRY_TEST_IAM_PERMISSIONS,
          "TestIamPermissions as " + account + " on " + repo.resourceName());
    }
  }

  private GrpcApi registryAs(String account) {
    Minted m = tokens.get(account);
    if (m != null && m.expires().isAfter(clock.instant().plus(MARGIN))) {
      return m.registry();
    }
    // One mint per account at a time; other accounts' mints go on in parallel.
    synchronized (locks.computeIfAbsent(account, a -> new Object())) {
      m = tokens.get(account);
      if (m != null && m.expires().isAfter(clock.instant().plus(MARGIN))) {
        return m.registry();
      }
      Refusal refused = refusals.get(account);
      if (refused != null && refused.until().isAfter(clock.instant())) {
        InspectionFailure f = refused.failure();
        throw new InspectionFailure(f.kind(), f.what(), f.permission(), f.role(), f.detail());
      }
      String name = "projects/-/serviceAccounts/" + account;
      GenerateAccessTokenResponse token;
      try {
        token =
            credentials.call(
                IAMCredentialsGrpc.getGenerateAccessTokenMethod(),
                GenerateAccessTokenRequest.newBuilder()
                    .setName(name)
                    .addScope("https://www.googleapis.com/auth/cloud-platform")
                    .setLifetime(Durations.fromSeconds(LIFETIME.toSeconds()))
                    .build());
      } catch (RuntimeException e) {
        InspectionFailure f =
            GoogleErrors.translate(
                e,
                ApiPermission.IAM_CREDENTIALS_GENERATE_ACCESS_TOKEN,
                "GenerateAccessToken " + name);
        if (f.kind() != InspectionFailure.Kind.TRANSIENT) {
          refusals.put(account, new Refusal(f, clock.instant().plus(REFUSAL_MEMORY)));
        }
        throw f;
      }
      refusals.remove(account);
      Instant expires =
          token.hasExpireTime()
              ? Instant.ofEpochSecond(token.getExpireTime().getSeconds())
              : clock.instant().plus(LIFETIME);
      Minted fresh = new Minted(registry.as(asToken.apply(token.getAccessToken())), expires);
      tokens.put(account, fresh);
      return fresh.registry();
    }
  }
}
