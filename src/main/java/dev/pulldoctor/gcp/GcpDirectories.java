package dev.pulldoctor.gcp;

import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.functions.v2.FunctionServiceClient;
import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterClient;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceClient;
import dev.pulldoctor.audit.AuditPorts.ClusterLister;
import dev.pulldoctor.audit.AuditPorts.RepositoryLister;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.Ports.ClusterDirectory;
import dev.pulldoctor.status.FunctionDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Google-client adapters behind the investigation's ports, built from one {@link
 * GoogleClients}. Each client is created on first use and closed with this object.
 */
public final class GcpDirectories implements AutoCloseable {
  private final Lazy<ClusterManagerClient> clusterManager;
  private final Lazy<ArtifactRegistryClient> artifactRegistry;
  private final Lazy<IamCredentialsClient> iamCredentials;
  private final Lazy<PolicyTroubleshooterClient> troubleshooter;
  private final Lazy<IAMClient> iam;
  private final Lazy<ProjectsClient> projects;
  private final Lazy<ReportErrorsServiceClient> reportErrors;
  private final Lazy<FunctionServiceClient> functions;
  private final ImpersonationAdapter impersonation;
  private final Duration deadline;

  public GcpDirectories(GoogleClients clients, Duration deadline) {
    this.deadline = deadline;
    clusterManager = new Lazy<>(clients::clusterManager);
    artifactRegistry = new Lazy<>(clients::artifactRegistry);
    iamCredentials = new Lazy<>(clients::iamCredentials);
    troubleshooter = new Lazy<>(clients::policyTroubleshooter);
    iam = new Lazy<>(clients::iam);
    projects = new Lazy<>(clients::projects);
    reportErrors = new Lazy<>(clients::reportErrors);
    functions = new Lazy<>(clients::functions);
    impersonation =
        new ImpersonationAdapter(
            iamCredentials, clients::artifactRegistryAs, deadline, Clock.systemUTC());
  }

  /**
   * Builds, without calling them, the clients an investigation and its Error Reporting event use:
   * the function does this while its HTTP server starts. A client that fails to build here is built
   * again, and fails with its reason, when it is used.
   */
  public void openInvestigationClients() {
    for (Lazy<?> client :
        List.of(
            clusterManager,
            artifactRegistry,
            iamCredentials,
            projects,
            iam,
            troubleshooter,
            reportErrors)) {
      client.get();
    }
  }

  /** The Container API port alone, for callers that cache it in front of the investigation. */
  public ClusterDirectory clusters() {
    return new GkeClusterAdapter(clusterManager, deadline);
  }

  /** Every port the investigation reads through; {@code clusters} may be a cached one. */
  public Investigator.Directories directories(ClusterDirectory clusters) {
    return new Investigator.Directories(
        clusters,
        new ResourceManagerAdapter(projects, deadline),
        new ArtifactRegistryAdapter(artifactRegistry, deadline),
        new IamAdminAdapter(iam, deadline),
        impersonation,
        new TroubleshooterAdapter(troubleshooter, deadline));
  }

  /** The audit's inventory of clusters: ListClusters over every location of a project. */
  public ClusterLister clusterLister() {
    return new GkeClusterAdapter(clusterManager, deadline);
  }

  /** The audit's inventory of repositories: a project's locations, then each one's. */
  public RepositoryLister repositoryLister() {
    return new ArtifactRegistryAdapter(artifactRegistry, deadline);
  }

  /** Deployed functions, for {@code pull-doctor status}. */
  public FunctionDirectory functions() {
    return new FunctionsAdapter(functions, deadline);
  }

  /** The repository policy editor remediation writes through. */
  public dev.pulldoctor.remediate.RepositoryPolicyEditor policyEditor() {
    return new ArtifactRegistryPolicyEditor(artifactRegistry, deadline);
  }

  /** The Error Reporting client, built on first use. */
  public Supplier<ReportErrorsServiceClient> reportErrors() {
    return reportErrors;
  }

  @Override
  public void close() {
    impersonation.close();
    for (Lazy<? extends AutoCloseable> lazy :
        List.of(
            clusterManager,
            artifactRegistry,
            iamCredentials,
            troubleshooter,
            iam,
            projects,
            reportErrors,
            functions)) {
      AutoCloseable c = lazy.ifBuilt();
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // Closing is best effort at shutdown.
        }
      }
    }
  }
}
