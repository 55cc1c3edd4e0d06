package dev.pulldoctor.remediate;

import dev.pulldoctor.domain.RepositoryRef;

/**
 * The one change remediation may make (DESIGN.md §5): {@code roles/artifactregistry.reader} on the
 * repository for the failing pool's own account — or the reason no such change is planned.
 *
 * @param repository null when refused before a repository was known
 * @param refusal null when the plan may be applied in {@code apply} mode
 */
public record RemediationPlan(
    RepositoryRef repository, String member, String role, String refusal) {
  /** The only role remediation ever grants. */
  public static final String ROLE = "roles/artifactregistry.reader";

  public static RemediationPlan grant(RepositoryRef repository, String member) {
    return new RemediationPlan(repository, member, ROLE, null);
  }

  public static RemediationPlan refused(RepositoryRef repository, String member, String why) {
    return new RemediationPlan(repository, member, ROLE, why);
  }

  public boolean refusedPlan() {
    return refusal != null;
  }

  /** The plan in words, for the finding. */
  public String describe() {
    return "grant "
        + role
        + " on "
        + (repository == null ? "?" : repository.resourceName())
        + " to "
        + member;
  }
}
