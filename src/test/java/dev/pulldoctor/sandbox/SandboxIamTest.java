package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.iam.credentials.v1.GenerateAccessTokenRequest;
import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.iam.v1.Binding;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.protobuf.ByteString;
import dev.pulldoctor.gcp.GaxClients;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IAM as Pull Doctor meets it: impersonation, testIamPermissions, setIamPolicy, deny, disabled
 * APIs.
 */
class SandboxIamTest {

  private static final String DOWNLOAD = "artifactregistry.repositories.downloadArtifacts";
  private static final String COMPUTE = "123456789012-compute@developer.gserviceaccount.com";
  private static final String LOCKED_COMPUTE = "222222222222-compute@developer.gserviceaccount.com";

  private static Sandbox sandbox;
  private static GaxClients clients;
  private static ArtifactRegistryClient registry;
  private static IamCredentialsClient credentials;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(TestWorlds.load("iam-world.json"));
    clients = GaxClients.sandbox(sandbox.endpoint());
    registry = clients.artifactRegistry();
    credentials = clients.iamCredentials();
  }

  @AfterAll
  static void stop() {
    registry.close();
    credentials.close();
    sandbox.close();
  }

  private static String repo(String project, String name) {
    return "projects/" + project + "/locations/us-central1/repositories/" + name;
  }

  private static String tokenFor(String email) {
    return credentials
        .generateAccessToken(
            GenerateAccessTokenRequest.newBuilder()
                .setName("projects/-/serviceAccounts/" + email)
                .addScope("https://www.googleapis.com/auth/cloud-platform")
                .build())
        .getAccessToken();
  }

  /** testIamPermissions with a token minted for the account: what that account may do. */
  private static List<String> heldBy(String email, String repository) {
    try (ArtifactRegistryClient asAccount = clients.artifactRegistryAs(tokenFor(email))) {
      return asAccount
          .testIamPermissions(
              TestIamPermissionsRequest.newBuilder()
                  .setResource(repository)
                  .addPermissions(DOWNLOAD)
                  .build())
          .getPermissionsList();
    }
  }

  private static Policy grantReader(String repository, String email) {
    Policy current =
        registry.getIamPolicy(GetIamPolicyRequest.newBuilder().setResource(repository).build());
    Policy wanted =
        current.toBuilder()
            .addBindings(
                Binding.newBuilder()
                    .setRole("roles/artifactregistry.reader")
                    .addMembers("serviceAccount:" + email))
            .build();
    return registry.setIamPolicy(
        SetIamPolicyRequest.newBuilder().setResource(repository).setPolicy(wanted).build());
  }

  private static ApiException failure(Runnable call) {
    return catchThrowableOfType(ApiException.class, call::run);
  }

  @Test
  void computeAccount_mayDownloadOnlyAfterReaderIsGrantedOnTheRepository() {
    String repository = repo("acme-prod-417", "grant");

    assertThat(heldBy(COMPUTE, repository)).isEmpty();
    Policy written = grantReader(repository, COMPUTE);

    assertThat(written.getBindingsList())
        .extracting(Binding::getRole)
        .containsExactly("roles/artifactregistry.admin", "roles/artifactregistry.reader");
    assertThat(heldBy(COMPUTE, repository)).containsExactly(DOWNLOAD);
    assertThat(sandbox.calls().count("ArtifactRegistry/TestIamPermissions", COMPUTE)).isEqualTo(2);
  }

  @Test
  void denyRule_takesTheGrantedReaderAwayAgain() {
    String repository = repo("acme-locked-419", "services");

    grantReader(repository, LOCKED_COMPUTE);

    assertThat(heldBy(LOCKED_COMPUTE, repository)).isEmpty();
  }

  @Test
  void setIamPolicy_withAStaleEtag_isAborted_andAnEmptyEtagWritesUnconditionally() {
    String repository = repo("acme-prod-417", "etag");
    Policy read =
        registry.getIamPolicy(GetIamPolicyRequest.newBuilder().setResource(repository).build());
    Policy first =
        registry.setIamPolicy(
            SetIamPolicyRequest.newBuilder().setResource(repository).setPolicy(read).build());
    assertThat(first.getEtag()).isNotEqualTo(read.getEtag());

    ApiException stale =
        failure(
            () ->
                registry.setIamPolicy(
                    SetIamPolicyRequest.newBuilder()
                        .setResource(repository)
                        .setPolicy(read)
                        .build()));
    Policy blind =
        registry.setIamPolicy(
            SetIamPolicyRequest.newBuilder()
                .setResource(repository)
                .setPolicy(read.toBuilder().setEtag(ByteString.EMPTY))
                .build());

    assertThat(stale.getStatusCode().getCode()).isEqualTo(StatusCode.Code.ABORTED);
    assertThat(blind.getBindingsList()).isEqualTo(read.getBindingsList());
    assertThat(blind.getEtag()).isNotIn(read.getEtag(), first.getEtag());
  }

  @Test
  void setIamPolicy_withoutAdminOnTheRepository_isDenied() {
    String repository = repo("acme-prod-417", "readonly");
    Policy read =
        registry.getIamPolicy(GetIamPolicyRequest.newBuilder().setResource(repository).build());

    ApiException e =
        failure(
            () ->
                registry.setIamPolicy(
                    SetIamPolicyRequest.newBuilder()
                        .setResource(repository)
                        .setPolicy(read)
                        .build()));

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.PERMISSION_DENIED);
    assertThat(e.getErrorDetails().getErrorInfo().getMetadataMap())
        .containsEntry("permission", "artifactregistry.repositories.setIamPolicy");
  }

  @Test
  void setIamPolicy_namingAnAccountThatDoesNotExist_isInvalid() {
    ApiException e =
        failure(
            () ->
                grantReader(
                    repo("acme-prod-417", "etag"), "ghost@acme-prod-417.iam.gserviceaccount.com"));

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
  }

  @Test
  void disabledApi_answersPermissionDeniedWithServiceDisabledErrorInfo() {
    ApiException e = failure(() -> registry.getRepository(repo("acme-apioff-420", "services")));

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.PERMISSION_DENIED);
    assertThat(e.getReason()).isEqualTo("SERVICE_DISABLED");
    assertThat(e.getDomain()).isEqualTo("googleapis.com");
    assertThat(e.getMetadata())
        .containsEntry("service", "artifactregistry.googleapis.com")
        .containsEntry("consumer", "projects/333333333333");
    assertThat(e.getMessage())
        .contains("Artifact Registry API has not been used in project 333333333333");
  }

  @Test
  void callerWithoutARoleInTheProject_isDenied_whetherOrNotTheRepositoryExists() {
    for (String name : List.of("services", "no-such-repo")) {
      ApiException e = failure(() -> registry.getRepository(repo("acme-other-421", name)));

      assertThat(e.getStatusCode().getCode()).as(name).isEqualTo(StatusCode.Code.PERMISSION_DENIED);
      assertThat(e.getMessage())
          .as(name)
          .contains(
              "Permission 'artifactregistry.repositories.get' denied on resource"
                  + " '//artifactregistry.googleapis.com/projects/acme-other-421/locations/us-central1/"
                  + "repositories/"
                  + name
                  + "' (or it may not exist)");
    }
  }

  @Test
  void missingRepository_isNotFound_toACallerWhoMaySeeTheProject() {
    ApiException e = failure(() -> registry.getRepository(repo("acme-prod-417", "no-such-repo")));

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.NOT_FOUND);
  }

  @Test
  void unknownProject_isDenied() {
    ApiException e = failure(() -> registry.getRepository(repo("nobody-knows-1", "services")));

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.PERMISSION_DENIED);
  }

  @Test
  void impersonation_failsAsGoogleDoes_forDisabledMissingAndUngrantedAccounts() {
    record Case(String email, StatusCode.Code code) {}
    List<Case> cases =
        List.of(
            new Case(
                "old-nodes@acme-prod-417.iam.gserviceaccount.com",
                StatusCode.Code.FAILED_PRECONDITION),
            new Case(
                "ghost@acme-prod-417.iam.gserviceaccount.com", StatusCode.Code.PERMISSION_DENIED),
            new Case(
                "ci-builder@acme-prod-417.iam.gserviceaccount.com",
                StatusCode.Code.PERMISSION_DENIED));
    for (Case c : cases) {
      ApiException e = failure(() -> tokenFor(c.email()));

      assertThat(e).as(c.email()).isNotNull();
      assertThat(e.getStatusCode().getCode()).as(c.email()).isEqualTo(c.code());
    }
  }

  @Test
  void unknownToken_isUnauthenticated() {
    try (ArtifactRegistryClient stranger =
        clients.artifactRegistryAs("ya29.not-from-this-sandbox")) {
      ApiException e = failure(() -> stranger.getRepository(repo("acme-prod-417", "grant")));

      assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.UNAUTHENTICATED);
    }
  }

  @Test
  void mintedToken_standsForItsAccount_inEveryService() {
    try (ArtifactRegistryClient asCompute = clients.artifactRegistryAs(tokenFor(COMPUTE))) {
      // The node account holds no Artifact Registry role, so it may not even read the repository.
      ApiException e = failure(() -> asCompute.getRepository(repo("acme-prod-417", "readonly")));

      assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.PERMISSION_DENIED);
      assertThat(sandbox.calls().count("ArtifactRegistry/GetRepository", COMPUTE)).isEqualTo(1);
    }
  }

  @Test
  void testIamPermissions_refusesPermissionsOfOtherServices() {
    ApiException e =
        failure(
            () ->
                registry.testIamPermissions(
                    TestIamPermissionsRequest.newBuilder()
                        .setResource(repo("acme-prod-417", "grant"))
                        .addPermissions("storage.objects.get")
                        .build()));

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
  }
}
