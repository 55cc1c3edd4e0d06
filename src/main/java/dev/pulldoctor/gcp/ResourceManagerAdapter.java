package dev.pulldoctor.gcp;

import com.google.cloud.resourcemanager.v3.GetProjectRequest;
import com.google.cloud.resourcemanager.v3.Project;
import com.google.cloud.resourcemanager.v3.ProjectsGrpc;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.Ports.ProjectDirectory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ProjectDirectory} over Resource Manager v3. Project numbers never change, so each is asked
 * once per instance.
 */
final class ResourceManagerAdapter implements ProjectDirectory {
  private final GrpcApi api;
  private final Map<String, String> numbers = new ConcurrentHashMap<>();

  ResourceManagerAdapter(GrpcApi api) {
    this.api = api;
  }

  @Override
  public String projectNumber(String projectId) {
    String known = numbers.get(projectId);
    if (known != null) {
      return known;
    }
    try {
      Project p =
          api.call(
              ProjectsGrpc.getGetProjectMethod(),
              GetProjectRequest.newBuilder().setName("projects/" + projectId).build());
      String number = p.getName().substring("projects/".length());
      numbers.put(projectId, number);
      return number;
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.RESOURCE_MANAGER_GET_PROJECT, "GetProject projects/" + projectId);
    }
  }

  @Override
  public List<Binding> iamPolicy(String projectId) {
    try {
      Policy policy =
          api.call(
              ProjectsGrpc.getGetIamPolicyMethod(),
              GetIamPolicyRequest.newBuilder().setResource("projects/" + projectId).build());
      return Policies.bindings(policy, "project " + projectId);
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.RESOURCE_MANAGER_GET_IAM_POLICY, "GetIamPolicy projects/" + projectId);
    }
  }
}
