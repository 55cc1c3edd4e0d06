package dev.pulldoctor.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Evaluates IAM as Google does for the resources of a world: allowed when a binding on the resource
 * or one of its ancestors (project, folders, organization) grants a role holding the permission to
 * a member that includes the principal and its condition, if any, holds for the resource at the
 * world's time; unless a deny rule attached to the project, a folder above it or the organization
 * takes it away — deny wins (https://cloud.google.com/iam/docs/deny-overview#policy-eval;
 * inheritance: https://cloud.google.com/iam/docs/resource-hierarchy-access-control).
 */
final class Iam {

  // Deny policies name permissions by service host; only Resource Manager's differs from the
  // v1 prefix (https://cloud.google.com/iam/docs/deny-permissions-support).
  private static final Map<String, String> V2_SERVICE =
      Map.of("resourcemanager", "cloudresourcemanager");

  /** A deny rule that takes a permission away, and where it is attached. */
  record Denial(PolicyKey attachedTo, DenyRule rule) {}

  private final World world;
  private final Roles roles;

  Iam(World world, Roles roles) {
    this.world = world;
    this.roles = roles;
  }

  Roles roles() {
    return roles;
  }

  World world() {
    return world;
  }

  /** The resources whose allow policies apply to {@code target}: itself, then its ancestors. */
  List<PolicyKey> hierarchy(PolicyKey target) {
    List<PolicyKey> out = new ArrayList<>(List.of(target));
    out.addAll(world.ancestors(target));
    return out;
  }

  /** Where deny policies that apply to {@code target} can be attached, nearest first. */
  List<PolicyKey> denyAttachmentPoints(PolicyKey target) {
    return hierarchy(target).stream().filter(PolicyKey::denyAttachmentPoint).toList();
  }

  /** Whether the principal holds the permission on the resource. */
  boolean allows(Principal principal, PolicyKey target, String permission) {
    return allowedByPolicies(principal, target, permission)
        && denyingRule(principal, target, permission).isEmpty();
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
    Condition.Facts facts = facts(target);
    for (PolicyKey key : hierarchy(target)) {
      for (Binding b : world.policy(key).bindings()) {
        if (grants(b, principal, permission, facts)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the binding grants the permission to the principal on a resource described by {@code
   * facts}: a binding whose condition does not hold does not apply.
   */
  boolean grants(Binding binding, Principal principal, String permission, Condition.Facts facts) {
    return binding.members().stream().anyMatch(principal::isIn)
        && roles.includes(binding.role(), permission).orElse(false)
        && (!binding.conditional() || binding.condition().holds(facts));
  }

  /**
   * What a condition sees when the permission is checked on {@code target}, at the world's time.
   */
  Condition.Facts facts(PolicyKey target) {
    return new Condition.Facts(world.now(), resourceName(target), resourceType(target));
  }

  /**
   * The resource's {@code resource.name} as conditions see it
   * (https://cloud.google.com/iam/docs/conditions-attribute-reference#resource-name): {@code
   * projects/P/locations/L/repositories/R} for a repository.
   */
  String resourceName(PolicyKey key) {
    return switch (key.kind()) {
      case REPOSITORY -> {
        String[] loc = key.name().split("/", 2);
        yield "projects/" + key.project() + "/locations/" + loc[0] + "/repositories/" + loc[1];
      }
      case PROJECT ->
          "projects/" + world.project(key.project()).map(Project::number).orElse(key.project());
      case SERVICE_ACCOUNT -> "projects/-/serviceAccounts/" + World.uniqueId(key.name());
      case FOLDER, ORGANIZATION -> key.name();
    };
  }

  /**
   * The resource's {@code resource.type}, e.g. {@code artifactregistry.googleapis.com/Repository}.
   */
  static String resourceType(PolicyKey key) {
    return switch (key.kind()) {
      case REPOSITORY -> "artifactregistry.googleapis.com/Repository";
      case PROJECT -> "cloudresourcemanager.googleapis.com/Project";
      case SERVICE_ACCOUNT -> "iam.googleapis.com/ServiceAccount";
      case FOLDER -> "cloudresourcemanager.googleapis.com/Folder";
      case ORGANIZATION -> "cloudresourcemanager.googleapis.com/Organization";
    };
  }

  /**
   * The first deny rule, nearest attachment point first, that takes the permission on {@code
   * target} from the principal.
   */
  Optional<Denial> denyingRule(Principal principal, PolicyKey target, String permission) {
    for (PolicyKey at : denyAttachmentPoints(target)) {
      for (DenyRule r : world.denyRules(at)) {
        if (denies(r, principal, permission)) {
          return Optional.of(new Denial(at, r));
        }
      }
    }
    return Optional.empty();
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
