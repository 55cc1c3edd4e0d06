package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import dev.pulldoctor.gcp.GaxClients;
import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fault table and the call counts that tests steer and read. */
class SandboxFaultsTest {

  private static final String REPO =
      "projects/acme-prod-417/locations/us-central1/repositories/services";
  private static final String GET_REPOSITORY = "ArtifactRegistry/GetRepository";

  private static Sandbox sandbox;
  private static ArtifactRegistryClient registry;
  private static ClusterManagerClient gke;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(TestWorlds.load("seed-world.json"));
    GaxClients clients = GaxClients.sandbox(sandbox.endpoint());
    registry = clients.artifactRegistry();
    gke = clients.clusterManager();
  }

  @AfterAll
  static void stop() {
    registry.close();
    gke.close();
    sandbox.close();
  }

  @AfterEach
  void clean() {
    sandbox.faults().clear();
    sandbox.calls().reset();
  }

  @Test
  void failure_hitsTheNextCallsOnly_andEveryCallIsCounted() {
    sandbox.faults().fail(GET_REPOSITORY, Status.Code.PERMISSION_DENIED, 1);

    ApiException first =
        catchThrowableOfType(ApiException.class, () -> registry.getRepository(REPO));
    String second = registry.getRepository(REPO).getName();

    assertThat(first.getStatusCode().getCode()).isEqualTo(StatusCode.Code.PERMISSION_DENIED);
    assertThat(second).isEqualTo(REPO);
    assertThat(sandbox.calls().count(GET_REPOSITORY)).isEqualTo(2);
    assertThat(sandbox.calls().count(GET_REPOSITORY, TestWorlds.PULL_DOCTOR)).isEqualTo(2);
    assertThat(sandbox.calls().count(GET_REPOSITORY, "someone-else@example.com")).isZero();
  }

  @Test
  void failureForever_lastsUntilCleared() {
    sandbox.faults().fail(GET_REPOSITORY, Status.Code.NOT_FOUND, -1);

    for (int i = 0; i < 3; i++) {
      assertThat(
              catchThrowableOfType(ApiException.class, () -> registry.getRepository(REPO))
                  .getStatusCode()
                  .getCode())
          .isEqualTo(StatusCode.Code.NOT_FOUND);
    }
    sandbox.faults().clear();

    assertThat(registry.getRepository(REPO).getName()).isEqualTo(REPO);
  }

  @Test
  void retryableFailure_isRetriedByTheOfficialClient_whichTheCountsShow() {
    // The Container client retries UNAVAILABLE on GetCluster: two injected failures, one success.
    sandbox.faults().fail("ClusterManager/GetCluster", Status.Code.UNAVAILABLE, 2);

    gke.getCluster("projects/acme-prod-417/locations/us-central1/clusters/prod");

    assertThat(sandbox.calls().count("ClusterManager/GetCluster")).isEqualTo(3);
  }

  @Test
  void delay_holdsTheAnswerBack() {
    sandbox.faults().delay(GET_REPOSITORY, Duration.ofMillis(300), 1);

    long start = System.nanoTime();
    registry.getRepository(REPO);
    long slow = System.nanoTime() - start;
    start = System.nanoTime();
    registry.getRepository(REPO);
    long fast = System.nanoTime() - start;

    assertThat(Duration.ofNanos(slow)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(Duration.ofNanos(fast)).isLessThan(Duration.ofMillis(300));
  }

  @Test
  void totals_andByMethod_coverEveryMethod_andResetForgets() {
    registry.getRepository(REPO);
    gke.getCluster("projects/acme-prod-417/locations/us-central1/clusters/prod");
    gke.getCluster("projects/acme-prod-417/locations/us-central1/clusters/prod");

    assertThat(sandbox.calls().total()).isEqualTo(3);
    assertThat(sandbox.calls().totalExcept("ClusterManager/GetCluster")).isEqualTo(1);
    assertThat(sandbox.calls().byMethod())
        .containsExactly(
            java.util.Map.entry("ArtifactRegistry/GetRepository", 1),
            java.util.Map.entry("ClusterManager/GetCluster", 2));
    sandbox.calls().reset();
    assertThat(sandbox.calls().total()).isZero();
  }

  @Test
  void aMethodTheSandboxDoesNotServe_isRefusedByName() {
    assertThatThrownBy(
            () -> sandbox.faults().fail("ArtifactRegistry/GetRepo", Status.Code.INTERNAL, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ArtifactRegistry/GetRepo");
  }
}
