package dev.pulldoctor.sandbox;

import java.util.List;

/**
 * A Resource Manager folder: {@code name} is {@code folders/N}, {@code parent} another folder or an
 * organization. Its allow policy lives in {@link World}; its deny rules are fixed.
 */
public record Folder(String name, String parent, String displayName, List<DenyRule> denyRules) {

  public Folder {
    denyRules = List.copyOf(denyRules);
  }
}
