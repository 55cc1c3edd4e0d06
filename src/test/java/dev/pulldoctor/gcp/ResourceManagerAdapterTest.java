package dev.pulldoctor.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.SharedSandbox;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.gcp.GoogleClients.Endpoint;
import dev.pulldoctor.sandbox.Sandbox;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A project is asked about once per instance, however many investigations ask at once. */
class ResourceManagerAdapterTest {
  private static final String GET_PROJECT = "Projects/GetProject";
  private static final String PROJECT = "acme-prod-417";

  private static Sandbox sandbox;

  @BeforeAll
  static void world() {
    sandbox = SharedSandbox.load("worlds/seed-world.json");
  }

  @AfterEach
  void clean() {
    sandbox.faults().clear();
    sandbox.calls().reset();
  }

  private static ResourceManagerAdapter adapter() {
    return new ResourceManagerAdapter(
        SharedSandbox.clients().api(Endpoint.RESOURCE_MANAGER, Duration.ofSeconds(10)));
  }

  @Test
  void sixteenConcurrentFirstAsks_waitForOneCall_andAllGetTheNumber() throws Exception {
    sandbox.faults().delay(GET_PROJECT, Duration.ofMillis(200), 1);
    ResourceManagerAdapter projects = adapter();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<String>> numbers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        numbers.add(pool.submit(() -> projects.projectNumber(PROJECT)));
      }
      for (Future<String> n : numbers) {
        assertThat(n.get()).isEqualTo("123456789012");
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(sandbox.calls().count(GET_PROJECT)).isEqualTo(1);
    projects.projectNumber(PROJECT);
    assertThat(sandbox.calls().count(GET_PROJECT)).as("answered from memory").isEqualTo(1);
  }

  @Test
  void aFailedAsk_isNotRemembered_theNextOneCallsAgain() {
    sandbox.faults().fail(GET_PROJECT, Status.Code.PERMISSION_DENIED, 1);
    ResourceManagerAdapter projects = adapter();

    assertThatThrownBy(() -> projects.projectNumber(PROJECT)).isInstanceOf(InspectionFailure.class);
    assertThat(projects.projectNumber(PROJECT)).isEqualTo("123456789012");
    assertThat(sandbox.calls().count(GET_PROJECT)).isEqualTo(2);
  }
}
