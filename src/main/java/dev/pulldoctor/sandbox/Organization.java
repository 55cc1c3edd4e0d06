package dev.pulldoctor.sandbox;

import java.util.List;

/**
 * A Resource Manager organization, the root of a hierarchy: {@code name} is {@code
 * organizations/N}. Its allow policy lives in {@link World}; its deny rules are fixed.
 */
public record Organization(String name, String displayName, List<DenyRule> denyRules) {

  public Organization {
    denyRules = List.copyOf(denyRules);
  }

  /** The number in {@code organizations/N}. */
  public String number() {
    return name.substring(name.indexOf('/') + 1);
  }
}
