package dev.pulldoctor.diagnose;

import java.util.List;

/**
 * One allow-policy binding: a role granted to members, where it was found, and whether it carries a
 * condition (which Pull Doctor cannot evaluate and reports as such).
 */
public record Binding(String role, List<String> members, String on, boolean conditional) {

  public Binding {
    members = List.copyOf(members);
  }

  /** True when {@code member} (e.g. {@code serviceAccount:x@y}) is named, or everyone is. */
  public boolean includes(String member) {
    return members.contains(member)
        || members.contains("allUsers")
        || members.contains("allAuthenticatedUsers");
  }
}
