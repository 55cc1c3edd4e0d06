package dev.pulldoctor.diagnose;

import java.util.Optional;

/** Questions the decision rules ask of the allow bindings that were read. */
final class Bindings {
  private Bindings() {}

  /** An unconditional binding of a pulling role that includes {@code member}. */
  static Optional<Binding> pullBindingFor(Evidence e, String member, RoleCatalog roles) {
    if (member == null) {
      return Optional.empty();
    }
    return e.allBindings().stream()
        .filter(b -> !b.conditional() && roles.grantsPull(b.role()) && b.includes(member))
        .findFirst();
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
