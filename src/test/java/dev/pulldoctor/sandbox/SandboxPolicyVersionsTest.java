package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.iam.v1.Binding;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.protobuf.ByteString;
import com.google.type.Expr;
import dev.pulldoctor.gcp.GaxClients;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Allow policies with conditions at Google's policy versions
 * (https://cloud.google.com/iam/docs/policies#versions), and testIamPermissions on a repository
 * that does not exist, through Google's Artifact Registry client.
 */
class SandboxPolicyVersionsTest {

  private static final String REPO =
      "projects/acme-prod-417/locations/us-central1/repositories/services";
  private static final String COMPUTE =
      "serviceAccount:123456789012-compute@developer.gserviceaccount.com";

  private static Sandbox sandbox;
  private static ArtifactRegistryClient registry;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(TestWorlds.load("condition-expired.json"));
    registry = GaxClients.sandbox(sandbox.endpoint()).artifactRegistry();
  }

  /** The expired-condition world, with Pull Doctor allowed to change the repository's policy. */
  private static World writable() throws Exception {
    JsonObject world =
        JsonParser.parseString(Files.readString(TestWorlds.path("condition-expired.json")))
            .getAsJsonObject();
    JsonObject admin = new JsonObject();
    admin.addProperty("role", "roles/artifactregistry.admin");
    JsonArray members = new JsonArray();
    members.add("serviceAccount:" + TestWorlds.PULL_DOCTOR);
    admin.add("members", members);
    world
        .getAsJsonObject("projects")
        .getAsJsonObject("acme-prod-417")
        .getAsJsonObject("repositories")
        .getAsJsonObject("us-central1/services")
        .getAsJsonArray("iamPolicy")
        .add(admin);
    return World.parse(world.toString());
  }

  @BeforeEach
  void freshWorld() throws Exception {
    sandbox.load(writable());
  }

  @AfterAll
  static void stop() {
    registry.close();
    sandbox.close();
  }

  private static Policy read(int version) {
    return registry.getIamPolicy(
        GetIamPolicyRequest.newBuilder()
            .setResource(REPO)
            .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(version))
            .build());
  }

  private static ApiException failure(Runnable call) {
    return catchThrowableOfType(ApiException.class, call::run);
  }

  @Test
  void getIamPolicy_atVersion3_showsTheCondition_belowIt_hidesItAsWithcond() {
    Policy v3 = read(3);
    assertThat(v3.getVersion()).isEqualTo(3);
    assertThat(v3.getBindings(0).getRole()).isEqualTo("roles/artifactregistry.reader");
    assertThat(v3.getBindings(0).getCondition().getExpression())
        .isEqualTo("request.time < timestamp('2026-06-01T00:00:00Z')");
    assertThat(v3.getBindings(0).getCondition().getTitle()).isEqualTo("until June");

    for (int version : List.of(0, 1)) {
      Policy v1 = read(version);
      assertThat(v1.getVersion()).as("asked for %d", version).isEqualTo(1);
      assertThat(v1.getBindings(0).getRole())
          .matches("roles/artifactregistry\\.reader_withcond_[0-9a-f]{20}");
      assertThat(v1.getBindings(0).hasCondition()).isFalse();
      assertThat(v1.getBindings(0).getMembersList()).containsExactly(COMPUTE);
      assertThat(v1.getEtag()).isEqualTo(v3.getEtag());
    }
  }

  @Test
  void getIamPolicy_ofAPolicyWithoutConditions_isVersion1_whateverWasAsked() {
    sandbox.load(TestWorlds.load("missing-reader.json"));
    assertThat(read(3).getVersion()).isEqualTo(1);
  }

  @Test
  void getIamPolicy_atAVersionGoogleDoesNotKnow_isInvalid() {
    for (int version : List.of(2, 4, -1)) {
      ApiException e = failure(() -> read(version));
      assertThat(e.getStatusCode().getCode())
          .as("version %d", version)
          .isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
      assertThat(e.getMessage()).contains("valid values are 0, 1, and 3");
    }
  }

  @Test
  void setIamPolicy_withAConditionAtVersion1_isRefused_atVersion3_isKept() {
    Policy v3 = read(3);
    Binding conditional =
        Binding.newBuilder()
            .setRole("roles/artifactregistry.reader")
            .addMembers(COMPUTE)
            .setCondition(
                Expr.newBuilder()
                    .setTitle("until 2027")
                    .setExpression("request.time < timestamp('2027-01-01T00:00:00Z')"))
            .build();
    Policy wanted = v3.toBuilder().setBindings(0, conditional).build();

    ApiException v1 =
        failure(
            () ->
                registry.setIamPolicy(
                    SetIamPolicyRequest.newBuilder()
                        .setResource(REPO)
                        .setPolicy(wanted.toBuilder().setVersion(1))
                        .build()));
    Policy written =
        registry.setIamPolicy(
            SetIamPolicyRequest.newBuilder().setResource(REPO).setPolicy(wanted).build());

    assertThat(v1.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(v1.getMessage()).contains("does not support conditional role bindings");
    assertThat(written.getVersion()).isEqualTo(3);
    assertThat(written.getBindingsList()).contains(conditional).hasSize(2);
    assertThat(read(3).getBindingsList()).isEqualTo(written.getBindingsList());
  }

  @Test
  void setIamPolicy_ofAVersion1Read_overConditions_isRefused_unlessTheEtagIsEmpty() {
    Policy v1 = read(1);
    Policy withoutWithcond =
        v1.toBuilder()
            .clearBindings()
            .addBindings(
                Binding.newBuilder().setRole("roles/artifactregistry.reader").addMembers(COMPUTE))
            .build();

    ApiException withcond =
        failure(
            () ->
                registry.setIamPolicy(
                    SetIamPolicyRequest.newBuilder().setResource(REPO).setPolicy(v1).build()));
    ApiException lower =
        failure(
            () ->
                registry.setIamPolicy(
                    SetIamPolicyRequest.newBuilder()
                        .setResource(REPO)
                        .setPolicy(withoutWithcond)
                        .build()));
    Policy blind =
        registry.setIamPolicy(
            SetIamPolicyRequest.newBuilder()
                .setResource(REPO)
                .setPolicy(withoutWithcond.toBuilder().setEtag(ByteString.EMPTY))
                .build());

    assertThat(withcond.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(withcond.getMessage()).contains("_withcond_");
    assertThat(lower.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(lower.getMessage())
        .contains(
            "Specified policy version (1) cannot be less than the existing policy version (3)");
    // Google's documented hazard: without an etag a version-1 write drops the conditions.
    assertThat(blind.getVersion()).isEqualTo(1);
    assertThat(read(3).getBindings(0).hasCondition()).isFalse();
  }

  @Test
  void setIamPolicy_withAConditionTheSandboxCannotEvaluate_isRefusedNamingIt() {
    Policy wanted =
        read(3).toBuilder()
            .setBindings(
                0,
                Binding.newBuilder()
                    .setRole("roles/artifactregistry.reader")
                    .addMembers(COMPUTE)
                    .setCondition(
                        Expr.newBuilder()
                            .setTitle("office hours")
                            .setExpression("request.time.getHours('Europe/Berlin') < 18")))
            .build();

    ApiException e =
        failure(
            () ->
                registry.setIamPolicy(
                    SetIamPolicyRequest.newBuilder().setResource(REPO).setPolicy(wanted).build()));

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(e.getMessage()).contains("\"office hours\"").contains("getHours");
  }

  @Test
  void testIamPermissions_onARepositoryThatDoesNotExist_isAnEmptySet_notAnError() {
    for (String resource :
        List.of(
            "projects/acme-prod-417/locations/us-central1/repositories/no-such-repo",
            "projects/acme-prod-417/locations/europe-west4/repositories/services",
            "projects/no-such-project/locations/us-central1/repositories/services")) {
      assertThat(
              registry
                  .testIamPermissions(
                      TestIamPermissionsRequest.newBuilder()
                          .setResource(resource)
                          .addPermissions("artifactregistry.repositories.downloadArtifacts")
                          .addPermissions("artifactregistry.repositories.get")
                          .build())
                  .getPermissionsList())
          .as(resource)
          .isEmpty();
    }
  }
}
