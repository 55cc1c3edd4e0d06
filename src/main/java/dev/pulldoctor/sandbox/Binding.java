package dev.pulldoctor.sandbox;

import java.util.List;

/** One allow-policy binding: a role and the members it is granted to. */
public record Binding(String role, List<String> members) {

  public Binding {
    members = List.copyOf(members);
  }
}
