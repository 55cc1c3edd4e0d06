package dev.pulldoctor.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Evaluates IAM as Google does for the resources of a world: allowed when a binding on the resource
 * or its project grants a role holding the permission to a member that includes the principal,
 * unless a deny rule of the project takes it away — deny wins
 * (https://cloud.google.com/iam/docs/deny-overview#policy-eval). Conditions are not simulated.
 */
final class Iam {

  // Deny policies name permissions by service host; only Resource Manager's differs from the
  // v1 prefix (https://cloud.google.com/iam/docs/deny-permissions-support).
  private static final Map<String, String> V2_SERVICE =
      Map.of("resourcemanager", "cloudresourcemanager");

  private static final String SERVICE_AGENT_ROLE = "roles/artifactregistry.serviceAgent";
  private static final String SERVICE_AGENT_DOMAIN =
      "@gcp-sa-artifactregistry.iam.gserviceaccount.com";

  private final World world;
  private final Roles roles;

  Iam(World world, Roles roles) {
    this.world = world;
    this.roles = roles;
  }

  Roles roles() {
    return roles;
  }

  /** The resources whose allow policies apply to {@code target}, nearest first. */
  static List<PolicyKey> hierarchy(PolicyKey target) {
    return target.kind() == PolicyKey.Kind.PROJECT
        ? List.of(target)
        : List.of(target, target.parent());
  }

  /** Whether the principal holds the permission on the resource. */
  boolean allows(Principal principal, PolicyKey target, String permission) {
    return allowedByPolicies(principal, target, permission)
        && denyingRule(principal, target.project(), permission).isEmpty();
  }

  /** Of these permissions, the ones the principal holds on the resource. */
  List<String> held(Principal principal, PolicyKey target, List<String> permissions) {
    List<String> out = new ArrayList<>();
    for (String p : permissions) {
      if (allows(principal, target, p)) {
        out.add(p);
      }
    }
    return out;
  }

  boolean allowedByPolicies(Principal principal, PolicyKey target, String permission) {
    if (isOwnServiceAgent(principal, target)
        && roles.includes(SERVICE_AGENT_ROLE, permission).orElse(false)) {
      return true;
    }
    for (PolicyKey key : hierarchy(target)) {
      for (Binding b : world.policy(key).bindings()) {
        if (grants(b, principal, permission)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A project's Artifact Registry service agent holds roles/artifactregistry.serviceAgent on its
   * own project, granted by Google when the API is enabled
   * (https://cloud.google.com/iam/docs/service-agents); the world need not list it.
   */
  private boolean isOwnServiceAgent(Principal principal, PolicyKey target) {
    String email = principal.email();
    return principal.isServiceAccount()
        && email.endsWith(SERVICE_AGENT_DOMAIN)
        && world
            .project(target.project())
            .map(p -> email.equals("service-" + p.number() + SERVICE_AGENT_DOMAIN))
            .orElse(false);
  }

  boolean grants(Binding binding, Principal principal, String permission) {
    return binding.members().stream().anyMatch(principal::isIn)
        && roles.includes(binding.role(), permission).orElse(false);
  }

  /** The first deny rule of the project that takes the permission from the principal. */
  Optional<DenyRule> denyingRule(Principal principal, String project, String permission) {
    return world.project(project).stream()
        .flatMap(p -> p.denyRules().stream())
        .filter(r -> denies(r, principal, permission))
        .findFirst();
  }

  static boolean denies(DenyRule rule, Principal principal, String permission) {
    String v2 = v2Permission(permission);
    return rule.deniedPrincipals().stream().anyMatch(principal::isDeniedAs)
        && rule.exceptionPrincipals().stream().noneMatch(principal::isDeniedAs)
        && rule.deniedPermissions().stream().anyMatch(p -> permissionMatches(p, v2))
        && rule.exceptionPermissions().stream().noneMatch(p -> permissionMatches(p, v2));
  }

  /** Whether a v2 permission pattern (which may hold {@code *}) matches a v2 permission. */
  static boolean permissionMatches(String pattern, String v2Permission) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append("[^/]*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE)
        .matcher(v2Permission)
        .matches();
  }

  /**
   * {@code artifactregistry.repositories.get} → {@code
   * artifactregistry.googleapis.com/repositories.get}.
   */
  static String v2Permission(String permission) {
    if (permission.contains("/")) {
      return permission;
    }
    int dot = permission.indexOf('.');
    String service = permission.substring(0, dot);
    return V2_SERVICE.getOrDefault(service, service)
        + ".googleapis.com/"
        + permission.substring(dot + 1);
  }

  /** The inverse of {@link #v2Permission}. */
  static String v1Permission(String permission) {
    int slash = permission.indexOf(".googleapis.com/");
    if (slash < 0) {
      return permission;
    }
    String service = permission.substring(0, slash);
    for (Map.Entry<String, String> e : V2_SERVICE.entrySet()) {
      if (e.getValue().equals(service)) {
        service = e.getKey();
      }
    }
    return service + "." + permission.substring(slash + ".googleapis.com/".length());
  }
}
