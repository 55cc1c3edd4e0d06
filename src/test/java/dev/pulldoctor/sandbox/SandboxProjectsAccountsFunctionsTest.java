package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.functions.v2.Function;
import com.google.cloud.functions.v2.FunctionServiceClient;
import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.cloud.resourcemanager.v3.Project;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.devtools.artifactregistry.v1.DockerImage;
import com.google.devtools.artifactregistry.v1.ListRepositoriesRequest;
import com.google.devtools.artifactregistry.v1.ListTagsRequest;
import com.google.devtools.artifactregistry.v1.Repository;
import com.google.devtools.artifactregistry.v1.Tag;
import com.google.devtools.clouderrorreporting.v1beta1.ErrorContext;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceClient;
import com.google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent;
import com.google.devtools.clouderrorreporting.v1beta1.ServiceContext;
import com.google.devtools.clouderrorreporting.v1beta1.SourceLocation;
import com.google.iam.admin.v1.GetServiceAccountRequest;
import com.google.iam.admin.v1.ServiceAccount;
import com.google.iam.v1.Binding;
import com.google.iam.v1.GetIamPolicyRequest;
import dev.pulldoctor.gcp.GaxClients;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Resource Manager, IAM admin, Cloud Functions, Error Reporting and Artifact Registry listings. */
class SandboxProjectsAccountsFunctionsTest {

  private static final String REPO =
      "projects/acme-prod-417/locations/us-central1/repositories/services";

  private static Sandbox sandbox;
  private static GaxClients clients;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(TestWorlds.load("fleet-world.json"));
    clients = GaxClients.sandbox(sandbox.endpoint());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static ApiException failure(Runnable call) {
    return catchThrowableOfType(ApiException.class, call::run);
  }

  @Test
  void getProject_answersByIdOrNumber_withTheNumberInTheName() {
    try (ProjectsClient projects = clients.projects()) {
      Project byId = projects.getProject("projects/acme-prod-417");
      Project byNumber = projects.getProject("projects/123456789012");

      assertThat(byId.getName()).isEqualTo("projects/123456789012");
      assertThat(byId.getProjectId()).isEqualTo("acme-prod-417");
      assertThat(byId.getState()).isEqualTo(Project.State.ACTIVE);
      assertThat(byNumber).isEqualTo(byId);
      assertThat(
              failure(() -> projects.getProject("projects/acme-dark-423"))
                  .getStatusCode()
                  .getCode())
          .isEqualTo(StatusCode.Code.PERMISSION_DENIED);
      assertThat(
              projects
                  .getIamPolicy(
                      GetIamPolicyRequest.newBuilder()
                          .setResource("projects/acme-prod-417")
                          .build())
                  .getBindingsList())
          .extracting(Binding::getRole)
          .containsExactly("roles/viewer", "roles/iam.securityReviewer");
    }
  }

  @Test
  void getServiceAccount_tellsDisabled_andMissingAccountsApartAsGoogleDoes() {
    try (IAMClient iam = clients.iam()) {
      ServiceAccount nodes =
          iam.getServiceAccount(
              GetServiceAccountRequest.newBuilder()
                  .setName(
                      "projects/-/serviceAccounts/gke-nodes@acme-prod-417.iam.gserviceaccount.com")
                  .build());
      ApiException missingInProject =
          failure(
              () ->
                  iam.getServiceAccount(
                      GetServiceAccountRequest.newBuilder()
                          .setName(
                              "projects/acme-prod-417/serviceAccounts/gone@acme-prod-417.iam.gserviceaccount.com")
                          .build()));
      ApiException missingViaDash =
          failure(
              () ->
                  iam.getServiceAccount(
                      GetServiceAccountRequest.newBuilder()
                          .setName(
                              "projects/-/serviceAccounts/gone@acme-prod-417.iam.gserviceaccount.com")
                          .build()));
      // With `-` and an email that names no project, IAM cannot tell: 403, not 404.
      ApiException fake =
          failure(
              () ->
                  iam.getServiceAccount(
                      GetServiceAccountRequest.newBuilder()
                          .setName("projects/-/serviceAccounts/fake@example.com")
                          .build()));

      assertThat(nodes.getDisabled()).isTrue();
      assertThat(nodes.getProjectId()).isEqualTo("acme-prod-417");
      assertThat(nodes.getName())
          .isEqualTo(
              "projects/acme-prod-417/serviceAccounts/gke-nodes@acme-prod-417.iam.gserviceaccount.com");
      assertThat(nodes.getUniqueId()).hasSize(21);
      assertThat(missingInProject.getStatusCode().getCode()).isEqualTo(StatusCode.Code.NOT_FOUND);
      assertThat(missingViaDash.getStatusCode().getCode()).isEqualTo(StatusCode.Code.NOT_FOUND);
      assertThat(fake.getStatusCode().getCode()).isEqualTo(StatusCode.Code.PERMISSION_DENIED);
    }
  }

  @Test
  void getFunction_describesTheWorldsFunction() {
    try (FunctionServiceClient functions = clients.functions()) {
      Function f =
          functions.getFunction(
              "projects/acme-prod-417/locations/us-central1/functions/pull-doctor");

      assertThat(f.getState()).isEqualTo(Function.State.ACTIVE);
      assertThat(f.getBuildConfig().getEntryPoint()).isEqualTo("dev.pulldoctor.PullDoctorFunction");
      assertThat(f.getServiceConfig().getServiceAccountEmail())
          .isEqualTo("pull-doctor@acme-ops.iam.gserviceaccount.com");
      assertThat(f.getServiceConfig().getEnvironmentVariablesMap())
          .containsEntry("REMEDIATION_MODE", "dry-run");
      assertThat(f.getEventTrigger().getPubsubTopic())
          .isEqualTo("projects/acme-prod-417/topics/pull-failures");
      assertThat(f.getEventTrigger().getRetryPolicy().name()).isEqualTo("RETRY_POLICY_RETRY");
      assertThat(
              failure(
                      () ->
                          functions.getFunction(
                              "projects/acme-prod-417/locations/us-central1/functions/nope"))
                  .getStatusCode()
                  .getCode())
          .isEqualTo(StatusCode.Code.NOT_FOUND);
    }
  }

  @Test
  void reportErrorEvent_keepsTheEvent_andRefusesOneWithoutLocationOrStackTrace() {
    ReportedErrorEvent event =
        ReportedErrorEvent.newBuilder()
            .setMessage("NODE_SA_MISSING_READER: prod/default-pool cannot pull from services")
            .setServiceContext(
                ServiceContext.newBuilder().setService("pull-doctor").setVersion("0.1.0"))
            .setContext(
                ErrorContext.newBuilder()
                    .setReportLocation(
                        SourceLocation.newBuilder()
                            .setFilePath("Investigator.java")
                            .setLineNumber(1)
                            .setFunctionName("diagnose")))
            .build();
    try (ReportErrorsServiceClient errors = clients.reportErrors()) {
      errors.reportErrorEvent("projects/acme-ops", event);
      ApiException unlocated =
          failure(
              () ->
                  errors.reportErrorEvent(
                      "projects/acme-ops", event.toBuilder().clearContext().build()));

      assertThat(sandbox.errorEvents()).containsExactly(new ReportedError("acme-ops", event));
      assertThat(unlocated.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    }
  }

  @Test
  void artifactRegistry_listsRepositoriesImagesAndTags_withStableDigestsAndEncodedPackages() {
    try (ArtifactRegistryClient ar = clients.artifactRegistry()) {
      List<String> repos =
          StreamSupport.stream(
                  ar.listRepositories("projects/acme-prod-417/locations/us-central1")
                      .iterateAll()
                      .spliterator(),
                  false)
              .map(Repository::getName)
              .toList();
      List<DockerImage> images =
          StreamSupport.stream(ar.listDockerImages(REPO).iterateAll().spliterator(), false)
              .toList();
      List<Tag> tags =
          StreamSupport.stream(
                  ar.listTags(
                          ListTagsRequest.newBuilder()
                              .setParent(REPO + "/packages/team%2Fpayments%2Fapi")
                              .build())
                      .iterateAll()
                      .spliterator(),
                  false)
              .toList();
      ApiException everywhere =
          failure(
              () ->
                  ar.listRepositories(
                          ListRepositoriesRequest.newBuilder()
                              .setParent("projects/acme-prod-417/locations/-")
                              .build())
                      .iterateAll()
                      .forEach(r -> {}));

      assertThat(repos).containsExactly(REPO);
      assertThat(images)
          .extracting(i -> List.copyOf(i.getTagsList()))
          .containsExactly(List.of("1.8.2"), List.of("1.8.1"), List.of("v3"));
      String digest =
          "sha256:" + java.util.HexFormat.of().formatHex(World.sha256("checkout:1.8.2"));
      assertThat(images.get(0).getName()).isEqualTo(REPO + "/dockerImages/checkout@" + digest);
      assertThat(images.get(0).getUri())
          .isEqualTo("us-central1-docker.pkg.dev/acme-prod-417/services/checkout@" + digest);
      assertThat(images.get(2).getName())
          .startsWith(REPO + "/dockerImages/team%2Fpayments%2Fapi@sha256:");
      assertThat(tags)
          .extracting(Tag::getName)
          .containsExactly(REPO + "/packages/team%2Fpayments%2Fapi/tags/v3");
      assertThat(everywhere.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
      assertThat(
              ar.getRepository("projects/acme-prod-417/locations/us/repositories/gcr.io")
                  .getRegistryUri())
          .isEqualTo("gcr.io/acme-prod-417");
    }
  }

  @Test
  void listLocations_namesArtifactRegistrysLocations_soARepositoryCanBeLookedForElsewhere() {
    try (ArtifactRegistryClient ar = clients.artifactRegistry()) {
      List<String> locations =
          StreamSupport.stream(
                  ar.listLocations(
                          com.google.cloud.location.ListLocationsRequest.newBuilder()
                              .setName("projects/acme-prod-417")
                              .build())
                      .iterateAll()
                      .spliterator(),
                  false)
              .map(com.google.cloud.location.Location::getLocationId)
              .toList();

      assertThat(locations).contains("us", "us-central1", "europe-west1", "asia");
      assertThat(sandbox.calls().count("Locations/ListLocations")).isEqualTo(1);
    }
  }

  @Test
  void listings_page_andFilterByName() {
    try (ArtifactRegistryClient ar = clients.artifactRegistry()) {
      var firstPage =
          ar.listDockerImages(
                  com.google.devtools.artifactregistry.v1.ListDockerImagesRequest.newBuilder()
                      .setParent(REPO)
                      .setPageSize(2)
                      .build())
              .getPage();
      var filtered =
          ar.listTags(
                  ListTagsRequest.newBuilder()
                      .setParent(REPO + "/packages/checkout")
                      .setFilter("name=\"" + REPO + "/packages/checkout/tags/*.1\"")
                      .build())
              .iterateAll();

      assertThat(firstPage.getValues()).hasSize(2);
      assertThat(firstPage.hasNextPage()).isTrue();
      assertThat(firstPage.getNextPage().getValues()).hasSize(1);
      assertThat(filtered)
          .extracting(Tag::getName)
          .containsExactly(REPO + "/packages/checkout/tags/1.8.1");
    }
  }
}
