package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.resourcemanager.v3.Folder;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.Organization;
import com.google.cloud.resourcemanager.v3.OrganizationsClient;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import com.google.iam.v2.GetPolicyRequest;
import com.google.iam.v2.ListPoliciesRequest;
import com.google.iam.v2.ListPoliciesResponse;
import dev.pulldoctor.gcp.GaxClients;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resource hierarchy as Google's Resource Manager v3 and IAM v2 clients see it: a project's
 * parent, folders and organizations with their allow policies, deny policies at each attachment
 * point, and what Pull Doctor may not read.
 */
class SandboxHierarchyTest {

  private static final String DOWNLOAD =
      "artifactregistry.googleapis.com/repositories.downloadArtifacts";
  private static final String ORG_AP = "cloudresourcemanager.googleapis.com%2Forganizations%2F4455";

  private static Sandbox sandbox;
  private static ProjectsClient projects;
  private static FoldersClient folders;
  private static OrganizationsClient organizations;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(TestWorlds.load("grant-on-folder.json"));
    projects = GaxClients.sandbox(sandbox.endpoint()).projects();
    folders = TestClients.folders(sandbox);
    organizations = TestClients.organizations(sandbox);
    channel = TestClients.channel(sandbox);
  }

  @AfterAll
  static void stop() {
    projects.close();
    folders.close();
    organizations.close();
    channel.shutdownNow();
    sandbox.close();
  }

  private static Policy v3(String resource, boolean folder) {
    GetIamPolicyRequest r =
        GetIamPolicyRequest.newBuilder()
            .setResource(resource)
            .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3))
            .build();
    return folder ? folders.getIamPolicy(r) : organizations.getIamPolicy(r);
  }

  private static ApiException failure(Runnable call) {
    return catchThrowableOfType(ApiException.class, call::run);
  }

  private static Status.Code code(Supplier<?> call) {
    try {
      call.get();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void project_folder_andOrganization_nameTheirParents() {
    sandbox.load(TestWorlds.load("grant-on-folder.json"));

    assertThat(projects.getProject("projects/acme-prod-417").getParent()).isEqualTo("folders/8800");
    Folder folder = folders.getFolder("folders/8800");
    assertThat(folder.getParent()).isEqualTo("organizations/4455");
    assertThat(folder.getDisplayName()).isEqualTo("prod");
    assertThat(folder.getState()).isEqualTo(Folder.State.ACTIVE);
    Organization org = organizations.getOrganization("organizations/4455");
    assertThat(org.getDisplayName()).isEqualTo("acme.example");
    assertThat(v3("folders/8800", true).getBindings(0).getMembersList())
        .containsExactly("serviceAccount:123456789012-compute@developer.gserviceaccount.com");
    assertThat(v3("organizations/4455", false).getBindingsList())
        .extracting(com.google.iam.v1.Binding::getRole)
        .contains("roles/iam.securityReviewer");
  }

  @Test
  void aProjectOutsideAnyOrganization_hasNoParent() {
    sandbox.load(TestWorlds.load("missing-reader.json"));

    assertThat(projects.getProject("projects/acme-prod-417").getParent()).isEmpty();
  }

  @Test
  void withoutARoleAtTheOrganization_folderAndOrganizationReadsAreDenied_namingThePermission() {
    sandbox.load(TestWorlds.load("pull-doctor-no-folder-read.json"));
    record Row(String what, Runnable call, String permission, String resource) {}
    List<Row> rows =
        List.of(
            new Row(
                "GetFolder",
                () -> folders.getFolder("folders/8800"),
                "resourcemanager.folders.get",
                "//cloudresourcemanager.googleapis.com/folders/8800"),
            new Row(
                "Folders.GetIamPolicy",
                () -> v3("folders/8800", true),
                "resourcemanager.folders.getIamPolicy",
                "//cloudresourcemanager.googleapis.com/folders/8800"),
            new Row(
                "GetOrganization",
                () -> organizations.getOrganization("organizations/4455"),
                "resourcemanager.organizations.get",
                "//cloudresourcemanager.googleapis.com/organizations/4455"),
            new Row(
                "Organizations.GetIamPolicy",
                () -> v3("organizations/4455", false),
                "resourcemanager.organizations.getIamPolicy",
                "//cloudresourcemanager.googleapis.com/organizations/4455"),
            new Row(
                "GetFolder of a folder that does not exist",
                () -> folders.getFolder("folders/1234"),
                "resourcemanager.folders.get",
                "//cloudresourcemanager.googleapis.com/folders/1234"));
    for (Row r : rows) {
      ApiException e = failure(r.call());
      assertThat(e).as(r.what()).isNotNull();
      assertThat(e.getStatusCode().getCode())
          .as(r.what())
          .isEqualTo(StatusCode.Code.PERMISSION_DENIED);
      assertThat(e.getMessage())
          .as(r.what())
          .contains(
              "Permission '"
                  + r.permission()
                  + "' denied on resource '"
                  + r.resource()
                  + "' (or it may not exist).");
    }
    // The project itself stays readable: Pull Doctor's roles on it are untouched.
    assertThat(projects.getProject("projects/acme-prod-417").getParent()).isEqualTo("folders/8800");
  }

  @Test
  void denyRulesOfTheOrganization_areItsDenyPolicy_listedWithoutRules_readWithThem() {
    sandbox.load(TestWorlds.load("deny-on-organization.json"));
    String parent = "policies/" + ORG_AP + "/denypolicies";

    ListPoliciesResponse listed =
        TestClients.policies(channel, "parent", parent)
            .listPolicies(ListPoliciesRequest.newBuilder().setParent(parent).build());
    assertThat(listed.getPoliciesList()).hasSize(1);
    String name = listed.getPolicies(0).getName();
    assertThat(name).isEqualTo(parent + "/sandbox-deny-policy");
    assertThat(listed.getPolicies(0).getKind()).isEqualTo("DenyPolicy");
    assertThat(listed.getPolicies(0).getRulesList()).isEmpty();

    com.google.iam.v2.Policy policy =
        TestClients.policies(channel, "name", name)
            .getPolicy(GetPolicyRequest.newBuilder().setName(name).build());
    assertThat(policy.getRules(0).getDenyRule().getDeniedPermissionsList())
        .containsExactly(DOWNLOAD);
    assertThat(policy.getRules(0).getDenyRule().getDeniedPrincipalsList())
        .containsExactly(
            "principal://iam.googleapis.com/projects/-/serviceAccounts/"
                + "123456789012-compute@developer.gserviceaccount.com");

    // The project and the folder have no deny rules: nothing listed, the policy is not found.
    for (String ap :
        List.of(
            "cloudresourcemanager.googleapis.com%2Fprojects%2Facme-prod-417",
            "cloudresourcemanager.googleapis.com%2Fprojects%2F123456789012",
            "cloudresourcemanager.googleapis.com%2Ffolders%2F8800")) {
      String p = "policies/" + ap + "/denypolicies";
      assertThat(
              TestClients.policies(channel, "parent", p)
                  .listPolicies(ListPoliciesRequest.newBuilder().setParent(p).build())
                  .getPoliciesList())
          .as(ap)
          .isEmpty();
      assertThat(
              code(
                  () ->
                      TestClients.policies(channel, "name", p + "/sandbox-deny-policy")
                          .getPolicy(
                              GetPolicyRequest.newBuilder()
                                  .setName(p + "/sandbox-deny-policy")
                                  .build())))
          .as(ap)
          .isEqualTo(Status.Code.NOT_FOUND);
    }
  }

  @Test
  void denyPolicyNames_thatAreNotUrlEncoded_orNameAnUnknownResource_areRefused() {
    sandbox.load(TestWorlds.load("deny-on-organization.json"));
    record Row(String parent, Status.Code code) {}
    List<Row> rows =
        List.of(
            new Row(
                "policies/cloudresourcemanager.googleapis.com/organizations/4455/denypolicies",
                Status.Code.INVALID_ARGUMENT),
            new Row("policies/" + ORG_AP + "/allowpolicies", Status.Code.INVALID_ARGUMENT),
            new Row(
                "policies/cloudresourcemanager.googleapis.com%2Forganizations%2F1/denypolicies",
                Status.Code.PERMISSION_DENIED));
    for (Row r : rows) {
      assertThat(
              code(
                  () ->
                      TestClients.policies(channel, "parent", r.parent())
                          .listPolicies(
                              ListPoliciesRequest.newBuilder().setParent(r.parent()).build())))
          .as(r.parent())
          .isEqualTo(r.code());
    }
  }

  @Test
  void withoutDenyReviewer_denyPoliciesOfTheOrganization_areDenied() {
    sandbox.load(TestWorlds.load("pull-doctor-no-folder-read.json"));
    String parent = "policies/" + ORG_AP + "/denypolicies";

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                TestClients.policies(channel, "parent", parent)
                    .listPolicies(ListPoliciesRequest.newBuilder().setParent(parent).build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(e.getStatus().getDescription()).contains("iam.denypolicies.list");
  }
}
