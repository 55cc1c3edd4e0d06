package dev.pulldoctor.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ClientSettings;
import com.google.api.gax.rpc.StatusCode;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.sandbox.World;
import dev.pulldoctor.setup.Config;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GoogleClients chooses real Google Cloud or a sandbox; the tests' gax clients point at the same
 * places, and their tokens reach the sandbox.
 */
class GoogleClientsTest {

  private static final String REPO =
      "projects/acme-prod-417/locations/us-central1/repositories/services";

  private static Sandbox sandbox;

  @BeforeAll
  static void start() throws Exception {
    Path seed;
    try {
      seed = Path.of(GoogleClientsTest.class.getResource("/worlds/seed-world.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    sandbox = Sandbox.start(World.load(seed));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static final Map<String, Function<GaxClients, ClientSettings<?>>> SETTINGS =
      Map.of(
          "container", GaxClients::clusterManagerSettings,
          "artifactregistry", GaxClients::artifactRegistrySettings,
          "iamcredentials", GaxClients::iamCredentialsSettings,
          "policytroubleshooter", GaxClients::policyTroubleshooterSettings,
          "iam", GaxClients::iamSettings,
          "cloudresourcemanager", GaxClients::projectsSettings,
          "clouderrorreporting", GaxClients::reportErrorsSettings,
          "firestore", GaxClients::firestoreSettings,
          "cloudfunctions", GaxClients::functionServiceSettings);

  @Test
  void real_keepsEachApisDefaultEndpoint_andBuildingSettingsTouchesNoCredentials() {
    GaxClients real = GaxClients.real();

    assertThat(GoogleClients.real().isSandbox()).isFalse();
    SETTINGS.forEach(
        (api, settings) ->
            assertThat(settings.apply(real).getEndpoint())
                .as(api)
                .isEqualTo(api + ".googleapis.com:443"));
  }

  @Test
  void sandbox_pointsEveryClientAtTheEndpoint_withoutGoogleCredentials() throws Exception {
    GaxClients local = GaxClients.sandbox("127.0.0.1:4567");

    for (var e : SETTINGS.entrySet()) {
      ClientSettings<?> s = e.getValue().apply(local);
      assertThat(s.getEndpoint()).as(e.getKey()).isEqualTo("127.0.0.1:4567");
      assertThat(s.getCredentialsProvider())
          .as(e.getKey())
          .isInstanceOf(NoCredentialsProvider.class);
      assertThat(s.getHeaderProvider().getHeaders())
          .as(e.getKey())
          .containsEntry("authorization", "Bearer " + Sandbox.CALLER_TOKEN);
    }
  }

  @Test
  void from_choosesTheSandboxWhenEndpointsAreSet_andRefusesAMalformedOne() {
    assertThat(GoogleClients.from(Config.from(Map.of()).gcp()).isSandbox()).isFalse();
    assertThat(
            GoogleClients.from(Config.from(Map.of("PULL_DOCTOR_ENDPOINTS", "127.0.0.1:9")).gcp())
                .sandboxEndpoint())
        .isEqualTo("127.0.0.1:9");
    assertThatThrownBy(
            () ->
                GoogleClients.from(Config.from(Map.of("PULL_DOCTOR_ENDPOINTS", "localhost")).gcp()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("PULL_DOCTOR_ENDPOINTS='localhost'");
  }

  @Test
  void theTokenTravelsOverThePlaintextChannel_andAForeignOneIsRejected() {
    GaxClients clients = GaxClients.sandbox(sandbox.endpoint());
    try (ArtifactRegistryClient asCaller = clients.artifactRegistry();
        ArtifactRegistryClient asStranger = clients.artifactRegistryAs("ya29.foreign")) {
      assertThat(asCaller.getRepository(REPO).getName()).isEqualTo(REPO);
      ApiException e =
          catchThrowableOfType(ApiException.class, () -> asStranger.getRepository(REPO));

      assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.UNAUTHENTICATED);
      assertThat(
              sandbox
                  .calls()
                  .count(
                      "ArtifactRegistry/GetRepository",
                      "pull-doctor@acme-ops.iam.gserviceaccount.com"))
          .isEqualTo(1);
      assertThat(sandbox.calls().count("ArtifactRegistry/GetRepository", "(unauthenticated)"))
          .isEqualTo(1);
    }
  }
}
