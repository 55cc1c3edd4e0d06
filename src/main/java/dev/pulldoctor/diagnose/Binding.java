package dev.pulldoctor.diagnose;

import java.util.List;

/**
 * One allow-policy binding: a role granted to members, where it was found (e.g. {@code repository
 * services}, {@code project acme-prod-417}, {@code folder folders/8800}, {@code organization
 * organizations/4455}), and its IAM Condition, null when it has none.
 */
public record Binding(String role, List<String> members, String on, Condition condition) {

  public Binding {
    members = List.copyOf(members);
  }

  /** An unconditional binding. */
  public Binding(String role, List<String> members, String on) {
    this(role, members, on, null);
  }

  /** True when the binding holds only under its condition. */
  public boolean conditional() {
    return condition != null;
  }

  /** True when {@code member} (e.g. {@code serviceAccount:x@y}) is named, or everyone is. */
  public boolean includes(String member) {
    return members.contains(member)
        || members.contains("allUsers")
        || members.contains("allAuthenticatedUsers");
  }

  /** {@code ROLE on WHERE}, with the condition when there is one. */
  public String describe() {
    return role + " on " + on + (condition == null ? "" : " if " + condition.describe());
  }
}
