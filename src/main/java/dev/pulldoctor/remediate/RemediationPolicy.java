package dev.pulldoctor.remediate;

import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RootCause;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, purely, what remediation may do for a diagnosis (DESIGN.md §5): only root causes whose
 * fix is a grant, only the reader role, only on the repository, only to the pool's own account,
 * only when both the cluster's project and the repository's project are allowed — and a pair of two
 * different projects is listed — and only for an event whose log belongs to its cluster's project.
 * Anyone who can start a pod in an inspected cluster chooses the image it names: without these ends
 * checked, a dev cluster's pod naming a prod image would open the prod repository to the dev
 * cluster's nodes. Never over a conditional binding of that account on the repository: an
 * unconditional grant would undo the limit the condition sets. Every refusal is one sentence,
 * written into the finding.
 */
public final class RemediationPolicy {
  private final RemediationMode mode;
  private final Set<String> allowedProjects;
  private final Set<String> allowedPairs;

  /**
   * @param allowedProjects REMEDIATION_ALLOWED_PROJECTS: projects a grant may join, at either end
   * @param allowedPairs REMEDIATION_ALLOWED_PAIRS: {@code CLUSTER_PROJECT>REPOSITORY_PROJECT}
   */
  public RemediationPolicy(
      RemediationMode mode, Set<String> allowedProjects, Set<String> allowedPairs) {
    this.mode = mode;
    this.allowedProjects = Set.copyOf(allowedProjects);
    this.allowedPairs = Set.copyOf(allowedPairs);
  }

  /** Same-project grants only. */
  public RemediationPolicy(RemediationMode mode, Set<String> allowedProjects) {
    this(mode, allowedProjects, Set.of());
  }

  public RemediationMode mode() {
    return mode;
  }

  /** The plan for {@code d}; null when the mode is {@code off}. */
  public RemediationPlan plan(Diagnosis d) {
    if (mode == RemediationMode.OFF) {
      return null;
    }
    var e = d.evidence();
    String refusal = refusal(d);
    return refusal == null
        ? RemediationPlan.grant(e.repository(), e.nodeMember())
        : RemediationPlan.refused(e.repository(), e.nodeMember(), refusal);
  }

  /** Why {@code d} may not be remediated, as a sentence; null when it may. */
  private String refusal(Diagnosis d) {
    var e = d.evidence();
    PullFailure failure = d.failure();
    String clusterProject = failure.cluster().project();
    String logProject = failure.logProject();
    // The resource labels and the logName are both written by whoever wrote the entry; a sink in
    // one project that receives another project's entries (or a forged one) must not choose which
    // project's policy changes.
    if (logProject != null && !logProject.equals(clusterProject)) {
      return "The event's logName belongs to "
          + logProject
          + " while its resource names a cluster of "
          + clusterProject
          + ": an event whose log is not its cluster's project's own is diagnosed, never"
          + " remediated.";
    }
    RootCause cause = d.rootCause();
    Optional<Binding> conditional =
        e.repositoryBindings() == null || e.nodeMember() == null
            ? Optional.empty()
            : e.repositoryBindings().stream()
                .filter(b -> b.conditional() && b.includes(e.nodeMember()))
                .findFirst();
    if (conditional.isPresent()) {
      return e.nodeMember()
          + " holds "
          + conditional.get().describe()
          + ": an unconditional grant would widen what that condition limits; renew or"
          + " correct the condition instead.";
    }
    if (!cause.fixedByGrant()) {
      return "root cause " + cause + " is not fixed by a repository grant.";
    }
    if (e.repository() == null || e.nodeMember() == null) {
      return "The repository or the pool's account is unknown.";
    }
    if (mode != RemediationMode.APPLY) {
      return null;
    }
    String repositoryProject = e.repository().project();
    if (!allowedProjects.contains(repositoryProject)) {
      return "The repository's project "
          + repositoryProject
          + " is not in REMEDIATION_ALLOWED_PROJECTS.";
    }
    if (!allowedProjects.contains(clusterProject)) {
      return "The cluster's project "
          + clusterProject
          + " is not in REMEDIATION_ALLOWED_PROJECTS: remediation opens repositories only to"
          + " clusters of allowed projects.";
    }
    String pair = clusterProject + ">" + repositoryProject;
    if (!clusterProject.equals(repositoryProject) && !allowedPairs.contains(pair)) {
      return "The cluster's project "
          + clusterProject
          + " differs from the repository's project "
          + repositoryProject
          + ", and "
          + pair
          + " is not in REMEDIATION_ALLOWED_PAIRS: a cluster is given another project's"
          + " repository only when the pair is listed.";
    }
    return null;
  }
}
