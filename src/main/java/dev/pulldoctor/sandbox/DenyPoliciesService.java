package dev.pulldoctor.sandbox;

import com.google.iam.v2.GetPolicyRequest;
import com.google.iam.v2.ListPoliciesRequest;
import com.google.iam.v2.ListPoliciesResponse;
import com.google.iam.v2.PoliciesGrpc;
import com.google.iam.v2.Policy;
import com.google.iam.v2.PolicyRule;
import io.grpc.stub.StreamObserver;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * IAM v2 Policies: the world's deny rules served as deny policies, one per attachment point
 * (project, folder, organization) that has rules, named {@code
 * policies/ATTACHMENT_POINT/denypolicies/sandbox-deny-policy}, the attachment point being the
 * URL-encoded full resource name (https://cloud.google.com/iam/docs/deny-access#list-deny-policies,
 * google.iam.v2.ListPoliciesRequest.parent). As Google's, ListPolicies lists policy metadata
 * without the rules; GetPolicy answers them.
 */
final class DenyPoliciesService extends PoliciesGrpc.PoliciesImplBase {

  static final String SERVICE = "iam.googleapis.com";
  static final String POLICY_ID = "sandbox-deny-policy";
  private static final String RM = "cloudresourcemanager.googleapis.com/";

  private final Access access;

  DenyPoliciesService(Access access) {
    this.access = access;
  }

  /**
   * {@code cloudresourcemanager.googleapis.com/projects/P} (id or number), {@code …/folders/N} or
   * {@code …/organizations/N} → the world's resource; empty for one the world lacks.
   */
  static Optional<PolicyKey> attachmentPoint(World world, String decoded) {
    if (!decoded.startsWith(RM)) {
      return Optional.empty();
    }
    String name = decoded.substring(RM.length());
    String[] parts = name.split("/", -1);
    if (parts.length != 2) {
      return Optional.empty();
    }
    return switch (parts[0]) {
      case "projects" -> world.project(parts[1]).map(p -> PolicyKey.project(p.id()));
      case "folders" -> world.folder(name).map(f -> PolicyKey.folder(f.name()));
      case "organizations" -> world.organization(name).map(o -> PolicyKey.organization(o.name()));
      default -> Optional.empty();
    };
  }

  /** The attachment point's URL-encoded full resource name, as Google names it in a policy. */
  static String encodedAttachmentPoint(World world, PolicyKey key) {
    String name =
        key.kind() == PolicyKey.Kind.PROJECT
            ? "projects/" + world.project(key.project()).orElseThrow().number()
            : key.name();
    return URLEncoder.encode(RM + name, StandardCharsets.UTF_8);
  }

  /** The deny policy at an attachment point, rules included; empty where no rule is attached. */
  static Optional<Policy> policy(World world, PolicyKey key) {
    List<DenyRule> rules = world.denyRules(key);
    if (rules.isEmpty()) {
      return Optional.empty();
    }
    Policy.Builder p =
        Policy.newBuilder()
            .setName(
                "policies/" + encodedAttachmentPoint(world, key) + "/denypolicies/" + POLICY_ID)
            .setUid(World.uniqueId(key.toString()))
            .setKind("DenyPolicy")
            .setDisplayName("Deny rules of the sandbox world");
    for (DenyRule rule : rules) {
      p.addRules(
          PolicyRule.newBuilder()
              .setDenyRule(
                  com.google.iam.v2.DenyRule.newBuilder()
                      .addAllDeniedPrincipals(rule.deniedPrincipals())
                      .addAllExceptionPrincipals(rule.exceptionPrincipals())
                      .addAllDeniedPermissions(rule.deniedPermissions())
                      .addAllExceptionPermissions(rule.exceptionPermissions())));
    }
    return Optional.of(p.build());
  }

  /**
   * The attachment point of {@code policies/AP/denypolicies[/ID]}, the caller holding the current
   * call's permission.
   */
  private PolicyKey parse(String name, int segments) {
    String permission = Access.permission();
    access.requireConsumerEnabled(SERVICE);
    String[] parts = name.split("/", -1);
    if (parts.length != segments
        || !parts[0].equals("policies")
        || parts[1].isEmpty()
        || !parts[2].equals("denypolicies")
        || segments == 4 && parts[3].isEmpty()) {
      throw Errors.invalid(
          "Invalid resource name \""
              + name
              + "\": expected policies/{attachment_point}/denypolicies"
              + (segments == 4 ? "/{policy_id}" : "")
              + ", the attachment point URL-encoded (/ written as %2F)");
    }
    String decoded = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
    String full = "//" + decoded;
    PolicyKey key =
        attachmentPoint(access.world(), decoded).orElseThrow(() -> Errors.denied(permission, full));
    access.require(key, permission, full);
    return key;
  }

  @Override
  public void listPolicies(ListPoliciesRequest request, StreamObserver<ListPoliciesResponse> out) {
    Access.answer(
        out,
        () -> {
          PolicyKey key = parse(request.getParent(), 3);
          ListPoliciesResponse.Builder r = ListPoliciesResponse.newBuilder();
          // "The response lists only policy metadata. In particular, policy rules are omitted."
          policy(access.world(), key).ifPresent(p -> r.addPolicies(p.toBuilder().clearRules()));
          return r.build();
        });
  }

  @Override
  public void getPolicy(GetPolicyRequest request, StreamObserver<Policy> out) {
    Access.answer(
        out,
        () -> {
          PolicyKey key = parse(request.getName(), 4);
          String id = request.getName().substring(request.getName().lastIndexOf('/') + 1);
          return policy(access.world(), key)
              .filter(p -> id.equals(POLICY_ID))
              .orElseThrow(
                  () -> Errors.notFound("Policy " + request.getName() + " was not found."));
        });
  }
}
