package dev.pulldoctor.remediate;

import dev.pulldoctor.domain.RepositoryRef;
import java.util.List;

/** Adds one member to one role of a repository's allow policy, keeping everything else. */
public interface RepositoryPolicyEditor {

  /**
   * Reads the policy, adds {@code member} to the unconditional binding of {@code role} (creating it
   * if needed), writes it back with the etag read, and re-reads and retries (bounded) when a
   * concurrent change made the etag stale. Never removes or alters another binding or condition,
   * and writes nothing when {@code member} holds a conditional binding on the repository (then
   * {@link Change#refusal} says so).
   */
  Change addMember(RepositoryRef repository, String role, String member);

  /**
   * The members of the role's unconditional binding before and after, the attempts made, and why
   * nothing was written when the edit was refused (null otherwise).
   */
  record Change(List<String> before, List<String> after, int attempts, String refusal) {
    public Change {
      before = List.copyOf(before);
      after = List.copyOf(after);
    }

    public Change(List<String> before, List<String> after, int attempts) {
      this(before, after, attempts, null);
    }

    public boolean changed() {
      return !before.equals(after);
    }
  }
}
