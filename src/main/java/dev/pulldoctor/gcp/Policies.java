package dev.pulldoctor.gcp;

import com.google.iam.v1.Policy;
import dev.pulldoctor.diagnose.Binding;
import java.util.List;

/** Converts IAM v1 allow policies into the investigation's bindings. */
final class Policies {
  private Policies() {}

  static List<Binding> bindings(Policy policy, String on) {
    return policy.getBindingsList().stream()
        .map(b -> new Binding(b.getRole(), b.getMembersList(), on, b.hasCondition()))
        .toList();
  }
}
