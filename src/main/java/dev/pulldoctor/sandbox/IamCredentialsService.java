package dev.pulldoctor.sandbox;

import com.google.cloud.iam.credentials.v1.GenerateAccessTokenRequest;
import com.google.cloud.iam.credentials.v1.GenerateAccessTokenResponse;
import com.google.cloud.iam.credentials.v1.IAMCredentialsGrpc;
import com.google.protobuf.Timestamp;
import dev.pulldoctor.gcp.ApiPermission;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * IAM Credentials v1 {@code generateAccessToken}: mints a token that the sandbox then takes to
 * stand for the service account, so that calls made with it answer for that account.
 */
final class IamCredentialsService extends IAMCredentialsGrpc.IAMCredentialsImplBase {

  private static final String SERVICE =
      ApiPermission.IAM_CREDENTIALS_GENERATE_ACCESS_TOKEN.service();
  private static final String PERMISSION =
      Access.permissionOf("iamcredentials.projects.serviceAccounts.generateAccessToken");
  private static final Duration MAX_LIFETIME = Duration.ofHours(1);

  private final Access access;
  private final Tokens tokens;

  IamCredentialsService(Access access, Tokens tokens) {
    this.access = access;
    this.tokens = tokens;
  }

  @Override
  public void generateAccessToken(
      GenerateAccessTokenRequest request, StreamObserver<GenerateAccessTokenResponse> out) {
    Access.answer(
        out,
        () -> {
          access.requireConsumerEnabled(SERVICE);
          // "The `-` wildcard character is required; replacing it with a project ID is invalid."
          List<String> ids = Names.parse(request.getName(), "projects/{}/serviceAccounts/{}");
          if (!ids.get(0).equals("-")) {
            throw Errors.invalid(
                "Invalid resource name \""
                    + request.getName()
                    + "\": the project must be the wildcard -");
          }
          if (request.getDelegatesCount() > 0) {
            throw Errors.invalid("The sandbox does not simulate delegation chains.");
          }
          if (request.getScopeCount() == 0) {
            throw Errors.invalid("Scope required.");
          }
          Duration lifetime =
              request.hasLifetime()
                  ? Duration.ofSeconds(
                      request.getLifetime().getSeconds(), request.getLifetime().getNanos())
                  : MAX_LIFETIME;
          if (lifetime.compareTo(MAX_LIFETIME) > 0 || lifetime.isNegative() || lifetime.isZero()) {
            throw Errors.invalid("The lifetime must be positive and at most 3600s.");
          }
          ServiceAccount account = account(ids.get(1));
          access.require(
              PolicyKey.serviceAccount(account.project(), account.email()),
              PERMISSION,
              "projects/-/serviceAccounts/" + account.email());
          // A disabled account mints no tokens
          // (https://cloud.google.com/iam/docs/service-accounts-disable-enable).
          if (account.disabled()) {
            throw Status.FAILED_PRECONDITION
                .withDescription("Precondition check failed.")
                .asRuntimeException();
          }
          Instant expiry = tokens.now().plus(lifetime);
          return GenerateAccessTokenResponse.newBuilder()
              .setAccessToken(tokens.mint(account.email(), expiry))
              .setExpireTime(
                  Timestamp.newBuilder()
                      .setSeconds(expiry.getEpochSecond())
                      .setNanos(expiry.getNano()))
              .build();
        });
  }

  /**
   * The account, or — when it does not exist — NOT_FOUND to a caller holding the permission on the
   * project the email names (what a deleted account answers:
   * https://github.com/terraform-google-modules/terraform-example-foundation/issues/41), else the
   * usual PERMISSION_DENIED "… (or it may not exist)".
   */
  private ServiceAccount account(String emailOrId) {
    Optional<ServiceAccount> found = access.world().serviceAccount(emailOrId);
    if (found.isPresent()) {
      return found.get();
    }
    String resource = "projects/-/serviceAccounts/" + emailOrId;
    Optional<Project> home =
        emailOrId.contains("@")
            ? Principal.serviceAccount(emailOrId).homeProject().flatMap(access.world()::project)
            : Optional.empty();
    if (home.isPresent() && access.may(PolicyKey.project(home.get().id()), PERMISSION)) {
      throw Errors.notFound("Requested entity was not found.");
    }
    throw Errors.denied(PERMISSION, resource);
  }
}
