package dev.pulldoctor.gcp;

import com.google.cloud.resourcemanager.v3.GetProjectRequest;
import com.google.cloud.resourcemanager.v3.Project;
import com.google.cloud.resourcemanager.v3.ProjectsGrpc;
import com.google.iam.v1.Policy;
import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.Ports.ProjectDirectory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ProjectDirectory} over Resource Manager v3. Project numbers never change and parents
 * seldom, so each project is asked once per instance — also when many investigations ask at once,
 * as the first wave of a storm does: they wait for the one call under way.
 */
final class ResourceManagerAdapter implements ProjectDirectory {
  private final GrpcApi api;

  /** Each project asked about: its answer, or the call under way; a failed call is forgotten. */
  private final Map<String, CompletableFuture<Project>> known = new ConcurrentHashMap<>();

  ResourceManagerAdapter(GrpcApi api) {
    this.api = api;
  }

  @Override
  public String projectNumber(String projectId) {
    return project(projectId).getName().substring("projects/".length());
  }

  /**
   * The project's parent, {@code folders/N} or {@code organizations/N}; empty for a project outside
   * any organization (https://cloud.google.com/resource-manager/reference/rest/v3/projects).
   */
  String parent(String projectId) {
    return project(projectId).getParent();
  }

  /** GetProject, once per project: its number never changes, its parent only when it moves. */
  private Project project(String projectId) {
    CompletableFuture<Project> mine = new CompletableFuture<>();
    CompletableFuture<Project> earlier = known.putIfAbsent(projectId, mine);
    if (earlier != null) {
      try {
        return earlier.join();
      } catch (CompletionException e) {
        // The call this one waited for failed: the same failure, as if this one had made it.
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      Project p =
          api.call(
              ProjectsGrpc.getGetProjectMethod(),
              GetProjectRequest.newBuilder().setName("projects/" + projectId).build());
      mine.complete(p);
      return p;
    } catch (RuntimeException e) {
      RuntimeException failure =
          GoogleErrors.translate(
              e, ApiPermission.RESOURCE_MANAGER_GET_PROJECT, "GetProject projects/" + projectId);
      known.remove(projectId, mine);
      mine.completeExceptionally(failure);
      throw failure;
    }
  }

  @Override
  public List<Binding> iamPolicy(String projectId) {
    try {
      Policy policy =
          api.call(ProjectsGrpc.getGetIamPolicyMethod(), Policies.request("projects/" + projectId));
      return Policies.bindings(policy, "project " + projectId);
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.RESOURCE_MANAGER_GET_IAM_POLICY, "GetIamPolicy projects/" + projectId);
    }
  }
}
