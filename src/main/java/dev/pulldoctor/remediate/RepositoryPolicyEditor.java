package dev.pulldoctor.remediate;

import dev.pulldoctor.domain.RepositoryRef;
import java.util.List;

/** Adds one member to one role of a repository's allow policy, keeping everything else. */
public interface RepositoryPolicyEditor {

  /**
   * Reads the policy, adds {@code member} to the unconditional binding of {@code role} (creating it
   * if needed), writes it back with the etag read, and re-reads and retries (bounded) when a
   * concurrent change made the etag stale. Never removes or alters another binding or condition.
   */
  Change addMember(RepositoryRef repository, String role, String member);

  /** The members of the role's unconditional binding before and after, and the attempts made. */
  record Change(List<String> before, List<String> after, int attempts) {
    public Change {
      before = List.copyOf(before);
      after = List.copyOf(after);
    }

    public boolean changed() {
      return !before.equals(after);
    }
  }
}
