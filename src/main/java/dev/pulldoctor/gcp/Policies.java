package dev.pulldoctor.gcp;

import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.Condition;
import java.util.List;

/** Reads of IAM v1 allow policies, and their conversion into the investigation's bindings. */
final class Policies {
  /**
   * The policy version every read asks for: at version 1 a conditional binding comes back as a role
   * named {@code …_withcond_<hash>} without its condition
   * (https://cloud.google.com/iam/docs/policies#specifying-version-get).
   */
  static final int VERSION = 3;

  private Policies() {}

  /** {@code GetIamPolicy} of {@code resource}, asking for version 3. */
  static GetIamPolicyRequest request(String resource) {
    return GetIamPolicyRequest.newBuilder()
        .setResource(resource)
        .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(VERSION))
        .build();
  }

  static List<Binding> bindings(Policy policy, String on) {
    return policy.getBindingsList().stream()
        .map(
            b ->
                new Binding(
                    b.getRole(),
                    b.getMembersList(),
                    on,
                    b.hasCondition() && !b.getCondition().getExpression().isBlank()
                        ? new Condition(
                            b.getCondition().getTitle(), b.getCondition().getExpression())
                        : null))
        .toList();
  }
}
