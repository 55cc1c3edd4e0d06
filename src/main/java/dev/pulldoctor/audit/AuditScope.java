package dev.pulldoctor.audit;

import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What to audit: the node pools of one cluster or of every cluster of some projects, against named
 * repositories or every Docker repository of some projects — by default, of the projects the
 * clusters live in.
 *
 * @param cluster the one cluster, or null
 * @param clusterProjects the projects whose clusters to audit; empty with {@code cluster}
 * @param repositories the repositories named; empty when they are listed
 * @param repositoryProjects the projects whose Docker repositories to list; empty when named
 */
public record AuditScope(
    ClusterRef cluster,
    List<String> clusterProjects,
    List<RepositoryRef> repositories,
    List<String> repositoryProjects) {

  // A project id, including the domain-scoped kind (example.com:project).
  private static final Pattern PROJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}");

  public AuditScope {
    clusterProjects = distinct(clusterProjects);
    repositories = distinct(repositories);
    repositoryProjects = distinct(repositoryProjects);
    if ((cluster == null) == clusterProjects.isEmpty()) {
      throw new IllegalArgumentException(
          "name one cluster or one or more projects, not "
              + (cluster == null ? "neither" : "both"));
    }
    if (!repositories.isEmpty() && !repositoryProjects.isEmpty()) {
      throw new IllegalArgumentException("name repositories or repository projects, not both");
    }
    clusterProjects.forEach(p -> requireProject(p, "--project"));
    repositoryProjects.forEach(p -> requireProject(p, "--repository-project"));
    if (repositories.isEmpty() && repositoryProjects.isEmpty()) {
      repositoryProjects = cluster != null ? List.of(cluster.project()) : clusterProjects;
    }
  }

  private static <T> List<T> distinct(List<T> values) {
    return values == null ? List.of() : List.copyOf(new LinkedHashSet<>(values));
  }

  private static void requireProject(String project, String option) {
    if (project == null || !PROJECT.matcher(project).matches()) {
      throw new IllegalArgumentException(option + " '" + project + "' is not a project id");
    }
  }
}
