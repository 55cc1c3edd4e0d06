package dev.pulldoctor.gcp;

import dev.pulldoctor.audit.AuditPorts.ClusterLister;
import dev.pulldoctor.audit.AuditPorts.RepositoryLister;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.Ports.ClusterDirectory;
import dev.pulldoctor.gcp.GoogleClients.Endpoint;
import dev.pulldoctor.status.FunctionDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The Google API adapters behind the investigation's ports, built from one {@link GoogleClients}.
 * Each API's channel is opened on first use and closed with this object.
 */
public final class GcpDirectories implements AutoCloseable {
  private final GoogleClients clients;
  private final GrpcApi clusterManager;
  private final GrpcApi artifactRegistry;
  private final GrpcApi iamCredentials;
  private final GrpcApi troubleshooter;
  private final GrpcApi iam;
  private final GrpcApi projects;
  private final GrpcApi reportErrors;
  private final GrpcApi functions;
  private final ImpersonationAdapter impersonation;

  public GcpDirectories(GoogleClients clients, Duration deadline) {
    this.clients = clients;
    clusterManager = clients.api(Endpoint.CONTAINER, deadline);
    artifactRegistry = clients.api(Endpoint.ARTIFACT_REGISTRY, deadline);
    iamCredentials = clients.api(Endpoint.IAM_CREDENTIALS, deadline);
    troubleshooter = clients.api(Endpoint.POLICY_TROUBLESHOOTER, deadline);
    iam = clients.api(Endpoint.IAM, deadline);
    projects = clients.api(Endpoint.RESOURCE_MANAGER, deadline);
    reportErrors = clients.api(Endpoint.ERROR_REPORTING, deadline);
    functions = clients.api(Endpoint.FUNCTIONS, deadline);
    impersonation =
        new ImpersonationAdapter(
            iamCredentials, artifactRegistry, clients::tokenCredentials, Clock.systemUTC());
  }

  /**
   * Opens, without calling them, the channels an investigation and its Error Reporting event use,
   * and loads the stubs of the methods the first event calls: the function does this while its HTTP
   * server starts. A channel that fails to open here is opened again, and fails with its reason,
   * when it is used.
   */
  public void openInvestigationClients() {
    for (GrpcApi api :
        List.of(
            clusterManager,
            artifactRegistry,
            iamCredentials,
            projects,
            iam,
            troubleshooter,
            reportErrors)) {
      api.open();
    }
    FirstEventMethods.load();
  }

  /** The Container API port alone, for callers that cache it in front of the investigation. */
  public ClusterDirectory clusters() {
    return new GkeClusterAdapter(clusterManager);
  }

  /** Every port the investigation reads through; {@code clusters} may be a cached one. */
  public Investigator.Directories directories(ClusterDirectory clusters) {
    ResourceManagerAdapter resourceManager = new ResourceManagerAdapter(projects);
    return new Investigator.Directories(
        clusters,
        resourceManager,
        new ArtifactRegistryAdapter(artifactRegistry),
        new IamAdminAdapter(iam),
        impersonation,
        new TroubleshooterAdapter(troubleshooter),
        new HierarchyAdapter(resourceManager, projects, iam));
  }

  /** The audit's inventory of clusters: ListClusters over every location of a project. */
  public ClusterLister clusterLister() {
    return new GkeClusterAdapter(clusterManager);
  }

  /** The audit's inventory of repositories: a project's locations, then each one's. */
  public RepositoryLister repositoryLister() {
    return new ArtifactRegistryAdapter(artifactRegistry);
  }

  /** Deployed functions, for {@code pull-doctor status}. */
  public FunctionDirectory functions() {
    return new FunctionsAdapter(functions);
  }

  /** The repository policy editor remediation writes through. */
  public dev.pulldoctor.remediate.RepositoryPolicyEditor policyEditor() {
    return new ArtifactRegistryPolicyEditor(artifactRegistry);
  }

  /** Error Reporting, as the caller. */
  public GrpcApi reportErrors() {
    return reportErrors;
  }

  @Override
  public void close() {
    clients.close();
  }
}
