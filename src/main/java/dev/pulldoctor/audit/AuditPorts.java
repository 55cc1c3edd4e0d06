package dev.pulldoctor.audit;

import dev.pulldoctor.diagnose.ClusterInfo;
import dev.pulldoctor.diagnose.RepositoryInfo;
import java.util.List;

/**
 * What the audit needs beyond the investigation's ports: the fleet's inventory. Each method throws
 * {@code InspectionFailure} when the listing fails.
 */
public final class AuditPorts {
  private AuditPorts() {}

  /** GKE: the clusters of a project, in every location, with their node pools. */
  public interface ClusterLister {
    List<ClusterInfo> clusters(String project);
  }

  /**
   * Artifact Registry: a project's repositories. ListRepositories takes one location at a time, so
   * the locations come first and the audit asks each of them, in parallel.
   */
  public interface RepositoryLister {
    /** The locations Artifact Registry offers to the project. */
    List<String> locations(String project);

    /**
     * The Docker-format repositories of the project in {@code location}, as ListRepositories
     * describes them: mode, key, cleanup policies come with the listing, at no extra call.
     */
    List<RepositoryInfo> dockerRepositories(String project, String location);
  }
}
