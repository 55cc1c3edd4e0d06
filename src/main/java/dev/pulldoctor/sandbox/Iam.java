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

  private static final String SERVICE_AGENT_ROLE = "roles/artifactregistry.serviceAgent";
  private static final String SERVICE_AGENT_DOMAIN =
      "@gcp-sa-artifactregistry.iam.gserviceaccount.com";

  /** A deny rule that takes a permission away, and where it is attached. */
  record Denial(PolicyKey attachedTo, DenyRule rule) {}

  private final World world;
  private final Roles roles;

  /** Evaluates with the predefined {@code roles} and the custom roles the world defines. */
  Iam(World world, Roles roles) {
    this.world = world;
    this.roles = roles.with(world.customRoles());
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
    if (isOwnServiceAgent(principal, target)
        && roles.includes(SERVICE_AGENT_ROLE, permission).orElse(false)) {
      return true;
    }
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
      case SECRET -> "projects/" + key.project() + "/secrets/" + key.name();
      case CRYPTO_KEY -> {
        String[] k = key.name().split("/", 3);
        yield "projects/"
            + key.project()
            + "/locations/"
            + k[0]
            + "/keyRings/"
            + k[1]
            + "/cryptoKeys/"
            + k[2];
      }
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
      case SECRET -> "secretmanager.googleapis.com/Secret";
      case CRYPTO_KEY -> "cloudkms.googleapis.com/CryptoKey";
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
