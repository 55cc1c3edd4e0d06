package dev.pulldoctor.sandbox;

import com.google.iam.v1.Policy;
import com.google.protobuf.ByteString;
import com.google.type.Expr;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Converts allow policies between the world and {@code google.iam.v1.Policy}, with Google's policy
 * versions (https://cloud.google.com/iam/docs/policies#versions): a policy read at version 3 shows
 * its conditions; read at version 0 or 1 (or unset), each conditional binding comes back with its
 * role renamed {@code ROLE_withcond_HASH} and no condition
 * (https://cloud.google.com/iam/docs/troubleshooting-withcond).
 */
final class Policies {

  private static final List<Integer> VERSIONS = List.of(0, 1, 3);

  private Policies() {}

  /** The policy as a caller that asked for {@code requestedVersion} sees it. */
  static Policy toProto(World.Policy policy, int requestedVersion) {
    if (!VERSIONS.contains(requestedVersion)) {
      // "Valid values are 0, 1, and 3. Requests specifying an invalid value will be rejected."
      // (google.iam.v1.GetPolicyOptions.requested_policy_version)
      throw Errors.invalid(
          "Invalid requested_policy_version "
              + requestedVersion
              + ": valid values are 0, 1, and 3.");
    }
    boolean conditional = policy.bindings().stream().anyMatch(Binding::conditional);
    boolean full = requestedVersion == 3 && conditional;
    Policy.Builder out =
        Policy.newBuilder()
            // A policy without conditions is version 1 whatever was asked for.
            .setVersion(full ? 3 : 1)
            .setEtag(ByteString.copyFrom(Base64.getDecoder().decode(policy.etag())));
    for (Binding b : policy.bindings()) {
      com.google.iam.v1.Binding.Builder binding =
          com.google.iam.v1.Binding.newBuilder().addAllMembers(b.members());
      if (!b.conditional()) {
        binding.setRole(b.role());
      } else if (full) {
        binding
            .setRole(b.role())
            .setCondition(
                Expr.newBuilder()
                    .setTitle(b.condition().title())
                    .setDescription(b.condition().description())
                    .setExpression(b.condition().expression()));
      } else {
        binding.setRole(withcond(b));
      }
      out.addBindings(binding);
    }
    return out.build();
  }

  /** The full policy, conditions included (what the troubleshooter shows). */
  static Policy toProto(World.Policy policy) {
    return toProto(policy, 3);
  }

  /**
   * A conditional binding's role at version 1: {@code roles/X_withcond_} and 20 hex digits that
   * stand for the condition (Google's example: {@code
   * roles/iam.serviceAccountAdmin_withcond_2b17cc25d2cd9e2c54d8}).
   */
  static String withcond(Binding b) {
    Condition c = b.condition();
    byte[] h = World.sha256(c.title() + "\n" + c.description() + "\n" + c.expression());
    return b.role() + "_withcond_" + HexFormat.of().formatHex(h, 0, 10);
  }

  /**
   * Read-modify-write of a resource's policy: a stale etag answers ABORTED, as IAM's 409 does
   * (https://cloud.google.com/iam/docs/policies#etag); an empty etag writes unconditionally, even
   * over conditions ("If you omit this field, then IAM allows you to overwrite a version 3 policy
   * with a version 1 policy, and all of the conditions in the version 3 policy are lost":
   * google.iam.v1.Policy.version). Conditions need version 3.
   */
  static Policy write(World world, PolicyKey key, Policy policy) {
    if (!VERSIONS.contains(policy.getVersion())) {
      throw Errors.invalid(
          "Invalid policy version " + policy.getVersion() + ": valid values are 0, 1, and 3.");
    }
    List<Binding> bindings = new ArrayList<>();
    for (com.google.iam.v1.Binding b : policy.getBindingsList()) {
      if (!b.getRole().startsWith("roles/") && !b.getRole().contains("/roles/")) {
        throw Errors.invalid("Role " + b.getRole() + " is not a role name.");
      }
      if (b.getRole().contains("_withcond_")) {
        // What a version-1 read shows is not a role: writing it back would drop the condition.
        throw Errors.invalid(
            "Role "
                + b.getRole()
                + " is not supported: it names a conditional role binding read at policy version"
                + " 1; read the policy with requested_policy_version 3.");
      }
      for (String member : b.getMembersList()) {
        checkMember(world, member);
      }
      Condition condition = null;
      if (b.hasCondition()) {
        if (policy.getVersion() < 3) {
          // "Any operation that affects conditional role bindings must specify version 3."
          throw Errors.invalid(
              "Policy version "
                  + policy.getVersion()
                  + " does not support conditional role bindings: set version 3 to add or change a"
                  + " binding with a condition"
                  + " (https://cloud.google.com/iam/docs/policies#versions).");
        }
        condition = condition(b.getCondition());
      }
      // Google drops bindings that are left without members.
      if (b.getMembersCount() > 0) {
        bindings.add(new Binding(b.getRole(), b.getMembersList(), condition));
      }
    }
    String etag = Base64.getEncoder().encodeToString(policy.getEtag().toByteArray());
    if (!etag.isEmpty() && policy.getVersion() < 3) {
      boolean storedConditional =
          world.policy(key).bindings().stream().anyMatch(Binding::conditional);
      if (storedConditional) {
        // Google's answer to a version-1 read-modify-write of a policy with conditions.
        throw Errors.invalid(
            "Specified policy version ("
                + Math.max(policy.getVersion(), 1)
                + ") cannot be less than the existing policy version (3). For more information,"
                + " please refer to https://cloud.google.com/iam/docs/policies#versions.");
      }
    }
    try {
      return toProto(world.setPolicy(key, bindings, etag), 3);
    } catch (World.StaleEtagException e) {
      throw Status.ABORTED
          .withDescription(
              "There were concurrent policy changes. Please retry the"
                  + " whole read-modify-write with exponential backoff.")
          .asRuntimeException();
    }
  }

  private static Condition condition(Expr expr) {
    try {
      return new Condition(expr.getTitle(), expr.getDescription(), expr.getExpression());
    } catch (Condition.SyntaxException e) {
      throw Errors.invalid(
          "Condition \""
              + expr.getTitle()
              + "\" cannot be evaluated by the sandbox: "
              + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw Errors.invalid("Invalid condition: the title is required.");
    }
  }

  /** Google refuses a member it cannot parse, and a service account that does not exist. */
  private static void checkMember(World world, String member) {
    if (!Principal.isMember(member)) {
      throw Errors.invalid("Invalid member: " + member);
    }
    if (member.startsWith("serviceAccount:")) {
      Principal sa = new Principal(member);
      boolean homeKnown = sa.homeProject().flatMap(world::project).isPresent();
      if (homeKnown && world.serviceAccount(sa.email()).isEmpty()) {
        throw Errors.invalid("Service account " + sa.email() + " does not exist.");
      }
    }
  }
}
