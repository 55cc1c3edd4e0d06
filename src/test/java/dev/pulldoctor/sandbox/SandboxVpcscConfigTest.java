package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.devtools.artifactregistry.v1.VPCSCConfig;
import com.google.devtools.artifactregistry.v1.VPCSCConfig.VPCSCPolicy;
import dev.pulldoctor.gcp.GaxClients;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GetVPCSCConfig through Google's own client: the world's policy per project and location, the
 * permission no predefined role holds (artifactregistry.vpcscconfigs.get), granted through a custom
 * role the world defines as Terraform defines the inspector.
 */
class SandboxVpcscConfigTest {

  private static final String CALLER =
      "serviceAccount:pull-doctor@acme-ops.iam.gserviceaccount.com";
  private static final String WORLD =
      """
      {"caller": "%1$s",
       "projects": {
        "acme-prod-417": {"number": "123456789012",
          "services": ["artifactregistry.googleapis.com"],
          "customRoles": {"pullDoctorInspector": {"permissions": ["artifactregistry.vpcscconfigs.get"]}},
          "iamPolicy": [{"role": "projects/acme-prod-417/roles/pullDoctorInspector",
                         "members": ["%1$s"]}],
          "vpcscConfig": {"us-central1": "DENY", "europe-west4": "ALLOW"}},
        "acme-viewer-only": {"number": "222222222222",
          "services": ["artifactregistry.googleapis.com"],
          "iamPolicy": [{"role": "roles/viewer", "members": ["%1$s"]}],
          "vpcscConfig": {"us-central1": "DENY"}},
        "acme-api-off": {"number": "333333333333", "services": [],
          "customRoles": {"pullDoctorInspector": {"permissions": ["artifactregistry.vpcscconfigs.get"]}},
          "iamPolicy": [{"role": "projects/acme-api-off/roles/pullDoctorInspector",
                         "members": ["%1$s"]}]}}}
      """
          .formatted(CALLER);

  private static Sandbox sandbox;
  private static ArtifactRegistryClient registry;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(World.parse(WORLD));
    registry = GaxClients.sandbox(sandbox.endpoint()).artifactRegistry();
  }

  @AfterAll
  static void stop() {
    registry.close();
    sandbox.close();
  }

  record Row(String location, VPCSCPolicy policy) {}

  static List<Row> policies() {
    return List.of(
        new Row("us-central1", VPCSCPolicy.DENY),
        new Row("europe-west4", VPCSCPolicy.ALLOW),
        // Never set: Google's enum default, which the service treats as DENY in a perimeter.
        new Row("asia-east1", VPCSCPolicy.VPCSC_POLICY_UNSPECIFIED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void getVpcscConfig_answersTheWorldsPolicyOfTheLocation(Row row) {
    String name = "projects/acme-prod-417/locations/" + row.location() + "/vpcscConfig";

    VPCSCConfig config = registry.getVPCSCConfig(name);

    assertThat(config.getName()).isEqualTo(name);
    assertThat(config.getVpcscPolicy()).isEqualTo(row.policy());
  }

  @Test
  void getVpcscConfig_isDeniedToAViewer_forNoPredefinedRoleHoldsThePermission() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                registry.getVPCSCConfig(
                    "projects/acme-viewer-only/locations/us-central1/vpcscConfig"));

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.PERMISSION_DENIED);
    assertThat(e.getMessage()).contains("artifactregistry.vpcscconfigs.get");
  }

  @Test
  void aProjectWhoseArtifactRegistryApiIsOff_isRefusedAsGoogleRefusesIt() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () ->
                registry.getVPCSCConfig("projects/acme-api-off/locations/us-central1/vpcscConfig"));

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.PERMISSION_DENIED);
    assertThat(e.getMessage()).contains("has not been used in project 333333333333");
    assertThat(e.getReason()).isEqualTo("SERVICE_DISABLED");
  }

  @Test
  void aNameThatIsNotAVpcscConfig_isInvalidArgument() {
    ApiException e =
        catchThrowableOfType(
            ApiException.class,
            () -> registry.getVPCSCConfig("projects/acme-prod-417/locations/us-central1"));

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
  }
}
