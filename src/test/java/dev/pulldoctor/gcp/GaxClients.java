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
import com.google.cloud.firestore.v1.FirestoreClient;
import com.google.cloud.firestore.v1.FirestoreSettings;
import com.google.cloud.functions.v2.FunctionServiceClient;
import com.google.cloud.functions.v2.FunctionServiceSettings;
import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.cloud.iam.admin.v1.IAMSettings;
import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.cloud.iam.credentials.v1.IamCredentialsSettings;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterClient;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterSettings;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.FoldersSettings;
import com.google.cloud.resourcemanager.v3.OrganizationsClient;
import com.google.cloud.resourcemanager.v3.OrganizationsSettings;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsSettings;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.devtools.artifactregistry.v1.ArtifactRegistrySettings;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceClient;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Google's own gax clients, for tests: against real Google Cloud (default endpoints, Application
 * Default Credentials) or against a sandbox or a tap on a loopback port, plaintext, with a bearer
 * token in the {@code authorization} header. They are the reference the sandbox is tested with and
 * the oracle of {@code WireParityTest}; Pull Doctor itself calls through {@link GrpcApi}.
 *
 * <p>Each client method returns a new client that the caller closes.
 */
public final class GaxClients {
  private final String sandboxEndpoint;

  private GaxClients(String sandboxEndpoint) {
    this.sandboxEndpoint = sandboxEndpoint;
  }

  /** Real Google Cloud: each client's default endpoint and credentials. */
  public static GaxClients real() {
    return new GaxClients(null);
  }

  /** A sandbox (or a tap) at {@code host:port}, calling as the world's caller. */
  public static GaxClients sandbox(String endpoint) {
    return new GaxClients(Objects.requireNonNull(endpoint, "endpoint"));
  }

  private boolean isSandbox() {
    return sandboxEndpoint != null;
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
    return build(builder, GoogleClients.SANDBOX_CALLER_TOKEN);
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

  public FoldersClient folders() {
    return create(() -> FoldersClient.create(build(FoldersSettings.newBuilder())));
  }

  public OrganizationsClient organizations() {
    return create(() -> OrganizationsClient.create(build(OrganizationsSettings.newBuilder())));
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

  /** Firestore's generated (gapic) client, not the high-level one: what GrpcFirestoreStub sends. */
  public FirestoreSettings firestoreSettings() {
    return build(FirestoreSettings.newBuilder());
  }

  public FirestoreClient firestore() {
    return create(() -> FirestoreClient.create(firestoreSettings()));
  }
}
