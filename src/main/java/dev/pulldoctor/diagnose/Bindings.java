package dev.pulldoctor.diagnose;

import dev.pulldoctor.diagnose.Conditions.Outcome;
import dev.pulldoctor.diagnose.Conditions.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Questions the decision rules ask of the allow bindings that were read. */
final class Bindings {
  private Bindings() {}

  /** A conditional binding and what its condition is now, for this repository. */
  record Judged(Binding binding, Verdict verdict) {
    String describe() {
      return binding.role()
          + " on "
          + binding.on()
          + " under the condition "
          + binding.condition().describe()
          + ": "
          + verdict.reason();
    }
  }

  /**
   * A binding of a pulling role that includes {@code member} and holds now: unconditional, or with
   * a condition that evaluates to true for the repository at the investigation's time.
   */
  static Optional<Binding> pullBindingFor(Evidence e, String member, RoleCatalog roles) {
    if (member == null) {
      return Optional.empty();
    }
    return e.allBindings().stream()
        .filter(b -> roles.grantsPull(b.role()) && b.includes(member) && holds(e, b))
        .findFirst();
  }

  /** The conditional bindings of pulling roles that include {@code member}, each judged. */
  static List<Judged> conditionalPullBindingsFor(Evidence e, String member, RoleCatalog roles) {
    List<Judged> out = new ArrayList<>();
    if (member == null) {
      return out;
    }
    for (Binding b : e.allBindings()) {
      if (b.conditional() && roles.grantsPull(b.role()) && b.includes(member)) {
        out.add(new Judged(b, Conditions.evaluate(b.condition(), e.conditionContext())));
      }
    }
    return out;
  }

  /** True when the binding grants its role now. */
  static boolean holds(Evidence e, Binding b) {
    return !b.conditional()
        || Conditions.evaluate(b.condition(), e.conditionContext()).outcome() == Outcome.TRUE;
  }

  /** A pulling role bound to another node account of the cluster, not to this pool's. */
  static Optional<Binding> pullBindingForOtherNodeAccount(Evidence e, RoleCatalog roles) {
    for (String other : e.otherNodeAccounts()) {
      if (other.equals(e.nodeServiceAccount())) {
        continue;
      }
      Optional<Binding> b = pullBindingFor(e, "serviceAccount:" + other, roles);
      if (b.isPresent()) {
        return b;
      }
    }
    return Optional.empty();
  }

  /** A gcr.io-era storage role held by the node account, with no Artifact Registry role. */
  static Optional<Binding> legacyBindingFor(Evidence e, RoleCatalog roles) {
    return e.allBindings().stream()
        .filter(b -> roles.isLegacyGcrRole(b.role()) && b.includes(e.nodeMember()))
        .findFirst();
  }
}
