package dev.pulldoctor.sandbox;

import com.google.iam.v1.Policy;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Converts allow policies between the world and {@code google.iam.v1.Policy}. */
final class Policies {

  private Policies() {}

  static Policy toProto(World.Policy policy) {
    Policy.Builder out =
        Policy.newBuilder()
            .setVersion(1)
            .setEtag(ByteString.copyFrom(Base64.getDecoder().decode(policy.etag())));
    for (Binding b : policy.bindings()) {
      out.addBindings(
          com.google.iam.v1.Binding.newBuilder().setRole(b.role()).addAllMembers(b.members()));
    }
    return out.build();
  }

  /**
   * Read-modify-write of a resource's policy: a stale etag answers ABORTED, as IAM's 409 does
   * (https://cloud.google.com/iam/docs/policies#etag); an empty etag writes unconditionally.
   */
  static Policy write(World world, PolicyKey key, Policy policy) {
    List<Binding> bindings = new ArrayList<>();
    for (com.google.iam.v1.Binding b : policy.getBindingsList()) {
      if (b.hasCondition()) {
        throw Errors.invalid("The sandbox does not simulate conditional role bindings.");
      }
      if (!b.getRole().startsWith("roles/") && !b.getRole().contains("/roles/")) {
        throw Errors.invalid("Role " + b.getRole() + " is not a role name.");
      }
      for (String member : b.getMembersList()) {
        checkMember(world, member);
      }
      // Google drops bindings that are left without members.
      if (b.getMembersCount() > 0) {
        bindings.add(new Binding(b.getRole(), b.getMembersList()));
      }
    }
    String etag = Base64.getEncoder().encodeToString(policy.getEtag().toByteArray());
    try {
      return toProto(world.setPolicy(key, bindings, etag));
    } catch (World.StaleEtagException e) {
      throw Status.ABORTED
          .withDescription(
              "There were concurrent policy changes. Please retry the"
                  + " whole read-modify-write with exponential backoff.")
          .asRuntimeException();
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
