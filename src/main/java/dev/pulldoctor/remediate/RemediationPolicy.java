package dev.pulldoctor.remediate;

import dev.pulldoctor.Config.RemediationMode;
import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.domain.RootCause;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, purely, what remediation may do for a diagnosis: only root causes whose fix is a grant,
 * only the reader role, only on the repository, only to the pool's own account, only in allowed
 * projects, never over a conditional binding of that account on the repository (DESIGN.md §5): an
 * unconditional grant would undo the limit the condition sets.
 */
public final class RemediationPolicy {
  private final RemediationMode mode;
  private final Set<String> allowedProjects;

  public RemediationPolicy(RemediationMode mode, Set<String> allowedProjects) {
    this.mode = mode;
    this.allowedProjects = Set.copyOf(allowedProjects);
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
    RootCause cause = d.rootCause();
    Optional<Binding> conditional =
        e.repositoryBindings() == null || e.nodeMember() == null
            ? Optional.empty()
            : e.repositoryBindings().stream()
                .filter(b -> b.conditional() && b.includes(e.nodeMember()))
                .findFirst();
    if (conditional.isPresent()) {
      return RemediationPlan.refused(
          e.repository(),
          e.nodeMember(),
          e.nodeMember()
              + " holds "
              + conditional.get().describe()
              + ": an unconditional grant would widen what that condition limits; renew or"
              + " correct the condition instead");
    }
    if (!cause.fixedByGrant()) {
      return RemediationPlan.refused(
          e.repository(),
          e.nodeMember(),
          "root cause " + cause + " is not fixed by a repository grant");
    }
    if (e.repository() == null || e.nodeMember() == null) {
      return RemediationPlan.refused(
          e.repository(), e.nodeMember(), "the repository or the pool's account is unknown");
    }
    if (mode == RemediationMode.APPLY && !allowedProjects.contains(e.repository().project())) {
      return RemediationPlan.refused(
          e.repository(),
          e.nodeMember(),
          "project " + e.repository().project() + " is not in REMEDIATION_ALLOWED_PROJECTS");
    }
    return RemediationPlan.grant(e.repository(), e.nodeMember());
  }
}
