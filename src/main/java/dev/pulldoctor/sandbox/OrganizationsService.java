package dev.pulldoctor.sandbox;

import com.google.cloud.resourcemanager.v3.GetOrganizationRequest;
import com.google.cloud.resourcemanager.v3.OrganizationsGrpc;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * Resource Manager v3 Organizations: an organization's display name, and its allow policy. An
 * organization that does not exist is answered like a missing permission.
 */
final class OrganizationsService extends OrganizationsGrpc.OrganizationsImplBase {
  private final Access access;

  OrganizationsService(Access access) {
    this.access = access;
  }

  private Organization organization(String name) {
    String permission = Access.permission();
    access.requireConsumerEnabled(ProjectsService.SERVICE);
    List<String> ids = Names.parse(name, "organizations/{}");
    String full = "//cloudresourcemanager.googleapis.com/organizations/" + ids.get(0);
    Organization org =
        access
            .world()
            .organization("organizations/" + ids.get(0))
            .orElseThrow(() -> Errors.denied(permission, full));
    access.require(PolicyKey.organization(org.name()), permission, full);
    return org;
  }

  @Override
  public void getOrganization(
      GetOrganizationRequest request,
      StreamObserver<com.google.cloud.resourcemanager.v3.Organization> out) {
    Access.answer(
        out,
        () -> {
          Organization o = organization(request.getName());
          return com.google.cloud.resourcemanager.v3.Organization.newBuilder()
              .setName(o.name())
              .setDisplayName(o.displayName())
              .setState(com.google.cloud.resourcemanager.v3.Organization.State.ACTIVE)
              .build();
        });
  }

  @Override
  public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> out) {
    Access.answer(
        out,
        () -> {
          Organization o = organization(request.getResource());
          return Policies.toProto(
              access.world().policy(PolicyKey.organization(o.name())),
              request.getOptions().getRequestedPolicyVersion());
        });
  }
}
