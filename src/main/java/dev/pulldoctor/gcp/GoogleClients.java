package dev.pulldoctor.gcp;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ClientSettings;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.cloud.functions.v2.FunctionServiceClient;
import com.google.cloud.functions.v2.FunctionServiceSettings;
import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.cloud.iam.admin.v1.IAMSettings;
import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.cloud.iam.credentials.v1.IamCredentialsSettings;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterClient;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterSettings;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.devtools.artifactregistry.v1.ArtifactRegistrySettings;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceClient;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceSettings;
import dev.pulldoctor.Config;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.auth.MoreCallCredentials;
import io.grpc.okhttp.OkHttpChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The one place that builds the settings of every Google client Pull Doctor uses: against real
 * Google Cloud with Application Default Credentials, or against a sandbox on a loopback port.
 *
 * <p>Pull Doctor's adapters call each API through {@link #api}: Google's generated gRPC stubs over
 * one channel per endpoint ({@link GrpcApi} says why not the gax clients). The gax clients below
 * are the same official libraries a user would reach for; the sandbox tests call it through them.
 *
 * <p>Nothing is built until asked for (a cold start pays only for what it uses); each gax client
 * method returns a new client that the caller closes. In sandbox mode the channel is plaintext and
 * the access token travels in an {@code authorization} header: gRPC's Google-auth call credentials
 * refuse to send a token over a channel without TLS.
 */
public final class GoogleClients implements AutoCloseable {

  /** The APIs Pull Doctor calls, by their Google endpoint (gRPC on port 443). */
  public enum Endpoint {
    CONTAINER("container.googleapis.com"),
    ARTIFACT_REGISTRY("artifactregistry.googleapis.com"),
    IAM_CREDENTIALS("iamcredentials.googleapis.com"),
    POLICY_TROUBLESHOOTER("policytroubleshooter.googleapis.com"),
    IAM("iam.googleapis.com"),
    RESOURCE_MANAGER("cloudresourcemanager.googleapis.com"),
    ERROR_REPORTING("clouderrorreporting.googleapis.com"),
    FUNCTIONS("cloudfunctions.googleapis.com"),
    SECRET_MANAGER("secretmanager.googleapis.com"),
    KMS("cloudkms.googleapis.com");

    private final String host;

    Endpoint(String host) {
      this.host = host;
    }

    public String host() {
      return host;
    }
  }

  private static final List<String> CLOUD_PLATFORM =
      List.of("https://www.googleapis.com/auth/cloud-platform");

  /** The token a sandbox takes for its world's {@code caller} ({@code Sandbox.CALLER_TOKEN}). */
  public static final String SANDBOX_CALLER_TOKEN = "sandbox-caller-token";

  private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");

  private final String sandboxEndpoint;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final Lazy<CallCredentials> caller = new Lazy<>(this::callerCredentials);

  private GoogleClients(String sandboxEndpoint) {
    this.sandboxEndpoint = sandboxEndpoint;
  }

  /**
   * {@code endpoint}'s API as the caller (Application Default Credentials, or the sandbox's
   * caller), each call bounded by {@code deadline}. The channel is built on the first call or
   * {@link GrpcApi#open}, and shared by every API on the same endpoint (in a sandbox, all of them).
   */
  public GrpcApi api(Endpoint endpoint, Duration deadline) {
    String target = isSandbox() ? sandboxEndpoint : endpoint.host() + ":443";
    return new GrpcApi(() -> channel(target), caller, deadline);
  }

  /** Call credentials that present {@code accessToken}, e.g. one minted for a node's account. */
  public CallCredentials tokenCredentials(String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    return isSandbox()
        ? new BearerToken(accessToken)
        : MoreCallCredentials.from(GoogleCredentials.create(new AccessToken(accessToken, null)));
  }

  /** The open channel to {@code target}: a new one after {@link #close} ended the last. */
  private ManagedChannel channel(String target) {
    return channels.compute(
        target,
        (t, open) -> {
          if (open != null && !open.isShutdown()) {
            return open;
          }
          OkHttpChannelBuilder builder = OkHttpChannelBuilder.forTarget(t).userAgent("pull-doctor");
          if (isSandbox()) {
            builder.usePlaintext();
          }
          return builder.build();
        });
  }

  private CallCredentials callerCredentials() {
    if (isSandbox()) {
      return new BearerToken(SANDBOX_CALLER_TOKEN);
    }
    try {
      return MoreCallCredentials.from(
          GoogleCredentials.getApplicationDefault().createScoped(CLOUD_PLATFORM));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "no Application Default Credentials (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Ends the channels {@link #api} opened (a later call opens new ones); gax clients are closed by
   * their callers.
   */
  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }

  /**
   * A token as it is, on any channel: the sandbox's are plaintext, where gRPC's Google-auth call
   * credentials refuse to send one.
   */
  private static final class BearerToken extends CallCredentials {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final String token;

    BearerToken(String token) {
      this.token = token;
    }

    @Override
    public void applyRequestMetadata(
        RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + token);
      applier.apply(headers);
    }
  }

  /** Real Google Cloud: each client's default endpoint and Application Default Credentials. */
  public static GoogleClients real() {
    return new GoogleClients(null);
  }

  /** A sandbox at {@code host:port} (plaintext), calling as the world's caller. */
  public static GoogleClients sandbox(String endpoint) {
    if (endpoint == null || !ENDPOINT.matcher(endpoint).matches()) {
      throw new IllegalArgumentException(
          "PULL_DOCTOR_ENDPOINTS='" + endpoint + "' must be HOST:PORT");
    }
    return new GoogleClients(endpoint);
  }

  /** The sandbox when {@code PULL_DOCTOR_ENDPOINTS} is set, else real Google Cloud. */
  public static GoogleClients fromConfig(Config config) {
    return config.endpoints().isEmpty() ? real() : sandbox(config.endpoints());
  }

  /** Whether clients go to a sandbox. */
  public boolean isSandbox() {
    return sandboxEndpoint != null;
  }

  /** The sandbox endpoint, or null for real Google Cloud. */
  public String sandboxEndpoint() {
    return sandboxEndpoint;
  }

  /** Points a settings builder at the sandbox with a token, or leaves Google's defaults. */
  private <S extends ClientSettings<S>, B extends ClientSettings.Builder<S, B>> S build(
      B builder, String sandboxToken) {
    if (isSandbox()) {
      builder
          .setEndpoint(sandboxEndpoint)
          .setCredentialsProvider(NoCredentialsProvider.create())
          .setHeaderProvider(FixedHeaderProvider.create("authorization", "Bearer " + sandboxToken))
          .setTransportChannelProvider(
              InstantiatingGrpcChannelProvider.newBuilder()
                  .setEndpoint(sandboxEndpoint)
                  .setChannelConfigurator(b -> b.usePlaintext())
                  .build());
    }
    try {
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <S extends ClientSettings<S>, B extends ClientSettings.Builder<S, B>> S build(B builder) {
    return build(builder, SANDBOX_CALLER_TOKEN);
  }

  /** Creating a client only fails on I/O; adapters treat that like any unavailable API. */
  private interface Factory<C> {
    C create() throws IOException;
  }

  private static <C> C create(Factory<C> factory) {
    try {
      return factory.create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ClusterManagerSettings clusterManagerSettings() {
    return build(ClusterManagerSettings.newBuilder());
  }

  public ClusterManagerClient clusterManager() {
    return create(() -> ClusterManagerClient.create(clusterManagerSettings()));
  }

  public ArtifactRegistrySettings artifactRegistrySettings() {
    return build(ArtifactRegistrySettings.newBuilder());
  }

  public ArtifactRegistryClient artifactRegistry() {
    return create(() -> ArtifactRegistryClient.create(artifactRegistrySettings()));
  }

  /**
   * An Artifact Registry client that calls with the given access token, e.g. one minted for a
   * node's service account, so that {@code testIamPermissions} answers for that account.
   */
  public ArtifactRegistryClient artifactRegistryAs(String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    ArtifactRegistrySettings.Builder builder = ArtifactRegistrySettings.newBuilder();
    if (!isSandbox()) {
      builder.setCredentialsProvider(
          FixedCredentialsProvider.create(
              GoogleCredentials.create(new AccessToken(accessToken, null))));
    }
    ArtifactRegistrySettings settings = build(builder, accessToken);
    return create(() -> ArtifactRegistryClient.create(settings));
  }

  public IamCredentialsSettings iamCredentialsSettings() {
    return build(IamCredentialsSettings.newBuilder());
  }

  public IamCredentialsClient iamCredentials() {
    return create(() -> IamCredentialsClient.create(iamCredentialsSettings()));
  }

  public PolicyTroubleshooterSettings policyTroubleshooterSettings() {
    return build(PolicyTroubleshooterSettings.newBuilder());
  }

  public PolicyTroubleshooterClient policyTroubleshooter() {
    return create(() -> PolicyTroubleshooterClient.create(policyTroubleshooterSettings()));
  }

  public IAMSettings iamSettings() {
    return build(IAMSettings.newBuilder());
  }

  public IAMClient iam() {
    return create(() -> IAMClient.create(iamSettings()));
  }

  public ProjectsSettings projectsSettings() {
    return build(ProjectsSettings.newBuilder());
  }

  public ProjectsClient projects() {
    return create(() -> ProjectsClient.create(projectsSettings()));
  }

  public ReportErrorsServiceSettings reportErrorsSettings() {
    return build(ReportErrorsServiceSettings.newBuilder());
  }

  public ReportErrorsServiceClient reportErrors() {
    return create(() -> ReportErrorsServiceClient.create(reportErrorsSettings()));
  }

  public FunctionServiceSettings functionServiceSettings() {
    return build(FunctionServiceSettings.newBuilder());
  }

  public FunctionServiceClient functions() {
    return create(() -> FunctionServiceClient.create(functionServiceSettings()));
  }
}
