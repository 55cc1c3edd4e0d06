package dev.pulldoctor.sandbox;

import java.util.List;

/**
 * One rule of a project's deny policy, in IAM v2 form: principals as {@code principal://…} or
 * {@code principalSet://…} identifiers, permissions as {@code
 * SERVICE.googleapis.com/RESOURCE.VERB}.
 */
public record DenyRule(
    List<String> deniedPrincipals,
    List<String> deniedPermissions,
    List<String> exceptionPrincipals,
    List<String> exceptionPermissions) {

  public DenyRule {
    deniedPrincipals = List.copyOf(deniedPrincipals);
    deniedPermissions = List.copyOf(deniedPermissions);
    exceptionPrincipals = List.copyOf(exceptionPrincipals);
    exceptionPermissions = List.copyOf(exceptionPermissions);
  }
}
