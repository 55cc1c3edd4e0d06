package dev.pulldoctor.remediate;

import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Ports.Access;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Plans, and in {@code apply} mode applies and verifies, the least-privilege grant for a diagnosis.
 * The result is recorded in the finding whatever happened.
 */
public final class Remediator {
  private final RemediationPolicy policy;
  private final GrantAllowance limit;
  private final RepositoryPolicyEditor editor;

  /** The same permission check the diagnosis used: (account email, repository) → access. */
  private final BiFunction<String, dev.pulldoctor.domain.RepositoryRef, Access> check;

  public Remediator(
      RemediationPolicy policy,
      GrantAllowance limit,
      RepositoryPolicyEditor editor,
      BiFunction<String, dev.pulldoctor.domain.RepositoryRef, Access> check) {
    this.policy = policy;
    this.limit = limit;
    this.editor = editor;
    this.check = check;
  }

  /** What happened, in the finding's {@code remediation} shape; null when the mode is off. */
  public Map<String, Object> remediate(Diagnosis d) {
    RemediationPlan plan = policy.plan(d);
    if (plan == null) {
      return null;
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("mode", policy.mode().name().toLowerCase().replace('_', '-'));
    r.put("plan", plan.refusedPlan() ? null : plan.describe());
    r.put("role", plan.role());
    r.put("member", plan.member());
    r.put("repository", plan.repository() == null ? null : plan.repository().resourceName());
    r.put("applied", false);
    r.put("verified", false);
    r.put("refusedBecause", plan.refusal());
    if (plan.refusedPlan() || policy.mode() != RemediationMode.APPLY) {
      return r;
    }
    GrantAllowance.Take take = limit.take();
    r.put("grantsThisHour", take.count());
    if (!take.taken()) {
      r.put("refusedBecause", take.refusal());
      return r;
    }
    RepositoryPolicyEditor.Change change;
    try {
      change = editor.addMember(plan.repository(), plan.role(), plan.member());
    } catch (InspectionFailure f) {
      if (f.kind() == InspectionFailure.Kind.TRANSIENT) {
        throw f;
      }
      r.put(
          "refusedBecause",
          "the grant failed: "
              + f.getMessage()
              + (f.role() == null
                  ? ""
                  : " (Pull Doctor needs " + f.role() + " on the repository)"));
      return r;
    }
    if (change.refusal() != null) {
      r.put("refusedBecause", change.refusal());
      r.put("attempts", change.attempts());
      return r;
    }
    r.put("applied", true);
    r.put("attempts", change.attempts());
    r.put("before", change.before());
    r.put("after", change.after());
    String account = plan.member().substring(plan.member().indexOf(':') + 1);
    Access after;
    try {
      after = check.apply(account, plan.repository());
    } catch (InspectionFailure f) {
      after = Access.UNKNOWN;
      r.put("verification", f.getMessage());
    }
    r.put("verified", after == Access.GRANTED);
    r.put("verifiedAccess", after.name());
    return r;
  }
}
