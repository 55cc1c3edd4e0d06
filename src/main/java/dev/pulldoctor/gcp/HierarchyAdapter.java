package dev.pulldoctor.gcp;

import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.FoldersGrpc;
import com.google.cloud.resourcemanager.v3.GetFolderRequest;
import com.google.cloud.resourcemanager.v3.OrganizationsGrpc;
import com.google.iam.v1.Policy;
import com.google.iam.v2.GetPolicyRequest;
import com.google.iam.v2.ListPoliciesRequest;
import com.google.iam.v2.ListPoliciesResponse;
import com.google.iam.v2.PoliciesGrpc;
import com.google.iam.v2.PolicyRule;
import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.Condition;
import dev.pulldoctor.diagnose.Levels;
import dev.pulldoctor.diagnose.Ports.DenyPolicy;
import dev.pulldoctor.diagnose.Ports.DenyRule;
import dev.pulldoctor.diagnose.Ports.HierarchyDirectory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link HierarchyDirectory} over Resource Manager v3 (a project's and a folder's {@code parent},
 * folder and organization allow policies) and IAM v2 (deny policies). A folder's parent changes
 * only when the folder moves, so each is asked once per instance.
 */
final class HierarchyAdapter implements HierarchyDirectory {
  // A chain of folders is at most ten deep
  // (https://cloud.google.com/resource-manager/docs/creating-managing-folders).
  private static final int MAX_DEPTH = 12;

  private final ResourceManagerAdapter projects;
  private final GrpcApi resourceManager;
  private final GrpcApi iam;
  private final Map<String, String> folderParents = new ConcurrentHashMap<>();

  HierarchyAdapter(ResourceManagerAdapter projects, GrpcApi resourceManager, GrpcApi iam) {
    this.projects = projects;
    this.resourceManager = resourceManager;
    this.iam = iam;
  }

  @Override
  public List<String> ancestry(String projectId) {
    List<String> chain = new ArrayList<>();
    String parent = projects.parent(projectId);
    while (parent != null && !parent.isEmpty() && chain.size() < MAX_DEPTH) {
      chain.add(parent);
      parent = parent.startsWith("folders/") ? folderParent(parent) : null;
    }
    return chain;
  }

  private String folderParent(String folder) {
    String known = folderParents.get(folder);
    if (known != null) {
      return known;
    }
    try {
      Folder f =
          resourceManager.call(
              FoldersGrpc.getGetFolderMethod(),
              GetFolderRequest.newBuilder().setName(folder).build());
      folderParents.put(folder, f.getParent());
      return f.getParent();
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.RESOURCE_MANAGER_GET_FOLDER, "GetFolder " + folder);
    }
  }

  @Override
  public List<Binding> iamPolicy(String resource) {
    boolean folder = resource.startsWith("folders/");
    ApiPermission permission =
        folder
            ? ApiPermission.RESOURCE_MANAGER_GET_FOLDER_IAM_POLICY
            : ApiPermission.RESOURCE_MANAGER_GET_ORGANIZATION_IAM_POLICY;
    try {
      Policy policy =
          resourceManager.call(
              folder
                  ? FoldersGrpc.getGetIamPolicyMethod()
                  : OrganizationsGrpc.getGetIamPolicyMethod(),
              Policies.request(resource));
      return Policies.bindings(policy, Levels.on(resource));
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(e, permission, "GetIamPolicy " + resource);
    }
  }

  /**
   * ListPolicies on the URL-encoded attachment point, then GetPolicy for each policy's rules: the
   * list "lists only policy metadata. In particular, policy rules are omitted"
   * (https://cloud.google.com/iam/docs/reference/rest/v2/policies/listPolicies,
   * https://cloud.google.com/iam/docs/deny-access#list).
   */
  @Override
  public List<DenyPolicy> denyPolicies(String resource) {
    String parent = "policies/" + attachmentPoint(resource) + "/denypolicies";
    List<com.google.iam.v2.Policy> listed;
    try {
      listed =
          iam.listAll(
              PoliciesGrpc.getListPoliciesMethod(),
              page -> ListPoliciesRequest.newBuilder().setParent(parent).setPageToken(page).build(),
              ListPoliciesResponse::getPoliciesList,
              ListPoliciesResponse::getNextPageToken);
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e,
          ApiPermission.IAM_LIST_DENY_POLICIES,
          "ListPolicies " + parent + " (" + resource + ")");
    }
    List<DenyPolicy> out = new ArrayList<>();
    for (com.google.iam.v2.Policy p : listed) {
      com.google.iam.v2.Policy full = p.getRulesCount() > 0 ? p : get(p.getName(), resource);
      out.add(toDenyPolicy(full, resource));
    }
    return out;
  }

  private com.google.iam.v2.Policy get(String name, String resource) {
    try {
      return iam.call(
          PoliciesGrpc.getGetPolicyMethod(), GetPolicyRequest.newBuilder().setName(name).build());
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.IAM_GET_DENY_POLICY, "GetPolicy " + name + " (" + resource + ")");
    }
  }

  /**
   * {@code cloudresourcemanager.googleapis.com%2Ffolders%2F8800}: the full resource name without
   * its leading slashes, URL-encoded, as the policy's parent wants it
   * (https://cloud.google.com/iam/docs/deny-access#attachment-point).
   */
  static String attachmentPoint(String resource) {
    return URLEncoder.encode(
        "cloudresourcemanager.googleapis.com/" + resource, StandardCharsets.UTF_8);
  }

  static DenyPolicy toDenyPolicy(com.google.iam.v2.Policy p, String resource) {
    List<DenyRule> rules = new ArrayList<>();
    for (PolicyRule r : p.getRulesList()) {
      if (!r.hasDenyRule()) {
        continue;
      }
      com.google.iam.v2.DenyRule d = r.getDenyRule();
      Condition condition =
          d.hasDenialCondition() && !d.getDenialCondition().getExpression().isBlank()
              ? new Condition(
                  d.getDenialCondition().getTitle(), d.getDenialCondition().getExpression())
              : null;
      rules.add(
          new DenyRule(
              d.getDeniedPrincipalsList(),
              d.getExceptionPrincipalsList(),
              d.getDeniedPermissionsList(),
              d.getExceptionPermissionsList(),
              condition));
    }
    String name = p.getName().isEmpty() ? "deny policy" : p.getName();
    return new DenyPolicy(name, resource, rules);
  }
}
