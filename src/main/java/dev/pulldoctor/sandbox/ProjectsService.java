package dev.pulldoctor.sandbox;

import com.google.cloud.resourcemanager.v3.GetProjectRequest;
import com.google.cloud.resourcemanager.v3.ProjectsGrpc;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import dev.pulldoctor.gcp.ApiPermission;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** Resource Manager v3: a project's number, parent and state, and its allow policy. */
final class ProjectsService extends ProjectsGrpc.ProjectsImplBase {

  static final String SERVICE = ApiPermission.RESOURCE_MANAGER_GET_PROJECT.service();

  private final Access access;

  ProjectsService(Access access) {
    this.access = access;
  }

  /**
   * The project named {@code projects/ID} or {@code projects/NUMBER}, if the caller holds the
   * permission.
   */
  private Project project(String name) {
    access.requireConsumerEnabled(SERVICE);
    List<String> ids = Names.parse(name, "projects/{}");
    String permission = Access.permission();
    String full = "//cloudresourcemanager.googleapis.com/" + name;
    Project project = access.project(ids.get(0), permission, full);
    access.require(PolicyKey.project(project.id()), permission, full);
    return project;
  }

  @Override
  public void getProject(
      GetProjectRequest request, StreamObserver<com.google.cloud.resourcemanager.v3.Project> out) {
    Access.answer(
        out,
        () -> {
          Project p = project(request.getName());
          return com.google.cloud.resourcemanager.v3.Project.newBuilder()
              .setName("projects/" + p.number())
              .setProjectId(p.id())
              // Empty for a project outside any organization, as Google answers.
              .setParent(p.parent())
              .setDisplayName(p.id())
              .setState(com.google.cloud.resourcemanager.v3.Project.State.ACTIVE)
              .build();
        });
  }

  @Override
  public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> out) {
    Access.answer(
        out,
        () -> {
          Project p = project(request.getResource());
          return Policies.toProto(
              access.world().policy(PolicyKey.project(p.id())),
              request.getOptions().getRequestedPolicyVersion());
        });
  }
}
