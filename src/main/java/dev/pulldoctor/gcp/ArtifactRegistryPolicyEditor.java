package dev.pulldoctor.gcp;

import com.google.devtools.artifactregistry.v1.ArtifactRegistryGrpc;
import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.remediate.RepositoryPolicyEditor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Read–modify–write of a repository's allow policy with its etag: a concurrent change makes the
 * write answer ABORTED, and the edit starts over from a fresh read
 * (https://cloud.google.com/iam/docs/policies#etag). Conditions and other bindings are carried
 * through untouched; version 3 is asked for so conditional bindings are read in full, and written
 * back at version 3 when the policy has any.
 */
final class ArtifactRegistryPolicyEditor implements RepositoryPolicyEditor {
  static final int MAX_ATTEMPTS = 5;

  private final GrpcApi api;

  ArtifactRegistryPolicyEditor(GrpcApi api) {
    this.api = api;
  }

  @Override
  public Change addMember(RepositoryRef repo, String role, String member) {
    String what = "SetIamPolicy " + repo.resourceName();
    for (int attempt = 1; ; attempt++) {
      try {
        Policy policy =
            api.call(
                ArtifactRegistryGrpc.getGetIamPolicyMethod(),
                Policies.request(repo.resourceName()));
        List<String> before = members(policy, role);
        if (before.contains(member)) {
          return new Change(before, before, attempt);
        }
        Binding conditional = conditionalBindingOf(policy, member);
        if (conditional != null) {
          return new Change(
              before,
              before,
              attempt,
              member
                  + " holds "
                  + conditional.getRole()
                  + " on the repository under the condition '"
                  + conditional.getCondition().getExpression()
                  + "': no unconditional grant is added over it");
        }
        Policy updated = withMember(policy, role, member);
        Policy written =
            api.callOnce(
                ArtifactRegistryGrpc.getSetIamPolicyMethod(),
                SetIamPolicyRequest.newBuilder()
                    .setResource(repo.resourceName())
                    .setPolicy(updated)
                    .build());
        return new Change(before, members(written, role), attempt);
      } catch (StatusRuntimeException e) {
        // ABORTED: the etag was stale, someone else changed the policy meanwhile; read it again.
        if (e.getStatus().getCode() != Status.Code.ABORTED || attempt >= MAX_ATTEMPTS) {
          throw GoogleErrors.translate(e, ApiPermission.ARTIFACT_REGISTRY_SET_IAM_POLICY, what);
        }
        sleepBeforeRetry(attempt);
      } catch (RuntimeException e) {
        throw GoogleErrors.translate(e, ApiPermission.ARTIFACT_REGISTRY_SET_IAM_POLICY, what);
      }
    }
  }

  private static Binding conditionalBindingOf(Policy policy, String member) {
    for (Binding binding : policy.getBindingsList()) {
      if (binding.hasCondition() && binding.getMembersList().contains(member)) {
        return binding;
      }
    }
    return null;
  }

  /**
   * The policy with {@code member} added to the unconditional binding of {@code role}, every other
   * binding and its condition kept, the etag kept; version 3 when any binding has a condition,
   * which SetIamPolicy requires (https://cloud.google.com/iam/docs/policies#versions).
   */
  static Policy withMember(Policy policy, String role, String member) {
    Policy.Builder b = policy.toBuilder().clearBindings();
    if (policy.getBindingsList().stream().anyMatch(Binding::hasCondition)) {
      b.setVersion(Policies.VERSION);
    }
    boolean added = false;
    for (Binding binding : policy.getBindingsList()) {
      if (!added && binding.getRole().equals(role) && !binding.hasCondition()) {
        binding = binding.toBuilder().addMembers(member).build();
        added = true;
      }
      b.addBindings(binding);
    }
    if (!added) {
      b.addBindings(Binding.newBuilder().setRole(role).addMembers(member));
    }
    return b.build();
  }

  private static List<String> members(Policy policy, String role) {
    List<String> members = new ArrayList<>();
    for (Binding binding : policy.getBindingsList()) {
      if (binding.getRole().equals(role) && !binding.hasCondition()) {
        members.addAll(binding.getMembersList());
      }
    }
    return members;
  }

  private static void sleepBeforeRetry(int attempt) {
    try {
      Thread.sleep(50L * attempt + (long) (Math.random() * 50));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
