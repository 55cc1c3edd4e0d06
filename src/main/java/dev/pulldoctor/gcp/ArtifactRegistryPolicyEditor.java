package dev.pulldoctor.gcp;

import com.google.api.gax.rpc.AbortedException;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.iam.v1.Binding;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.remediate.RepositoryPolicyEditor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Read–modify–write of a repository's allow policy with its etag: a concurrent change makes the
 * write answer ABORTED, and the edit starts over from a fresh read
 * (https://cloud.google.com/iam/docs/policies#etag). Conditions and other bindings are carried
 * through untouched; version 3 is asked for so conditional bindings are read in full.
 */
final class ArtifactRegistryPolicyEditor implements RepositoryPolicyEditor {
  static final int MAX_ATTEMPTS = 5;

  private final Supplier<ArtifactRegistryClient> client;
  private final Duration deadline;

  ArtifactRegistryPolicyEditor(Supplier<ArtifactRegistryClient> client, Duration deadline) {
    this.client = client;
    this.deadline = deadline;
  }

  @Override
  public Change addMember(RepositoryRef repo, String role, String member) {
    String what = "SetIamPolicy " + repo.resourceName();
    for (int attempt = 1; ; attempt++) {
      try {
        Policy policy =
            client
                .get()
                .getIamPolicyCallable()
                .call(
                    GetIamPolicyRequest.newBuilder()
                        .setResource(repo.resourceName())
                        .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3))
                        .build(),
                    Deadlines.context(deadline));
        List<String> before = members(policy, role);
        if (before.contains(member)) {
          return new Change(before, before, attempt);
        }
        Policy updated = withMember(policy, role, member);
        Policy written =
            client
                .get()
                .setIamPolicyCallable()
                .call(
                    SetIamPolicyRequest.newBuilder()
                        .setResource(repo.resourceName())
                        .setPolicy(updated)
                        .build(),
                    Deadlines.context(deadline));
        return new Change(before, members(written, role), attempt);
      } catch (AbortedException stale) {
        if (attempt >= MAX_ATTEMPTS) {
          throw GoogleErrors.translate(stale, ApiPermission.ARTIFACT_REGISTRY_SET_IAM_POLICY, what);
        }
        sleepBeforeRetry(attempt);
      } catch (RuntimeException e) {
        throw GoogleErrors.translate(e, ApiPermission.ARTIFACT_REGISTRY_SET_IAM_POLICY, what);
      }
    }
  }

  /** The policy with {@code member} added to the unconditional binding of {@code role}. */
  static Policy withMember(Policy policy, String role, String member) {
    Policy.Builder b = policy.toBuilder().clearBindings();
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
