package dev.pulldoctor.sandbox;

import java.util.List;

/**
 * One allow-policy binding: a role, the members it is granted to, and an optional condition (null
 * for none) that must hold for the binding to grant anything
 * (https://cloud.google.com/iam/docs/conditions-overview).
 */
public record Binding(String role, List<String> members, Condition condition) {

  public Binding {
    members = List.copyOf(members);
  }

  public Binding(String role, List<String> members) {
    this(role, members, null);
  }

  public boolean conditional() {
    return condition != null;
  }
}
