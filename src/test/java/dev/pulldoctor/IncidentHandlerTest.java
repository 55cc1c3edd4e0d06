package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.report.StructuredLog;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handler's use case over an in-memory repository of incidents (STYLE.md 10a), with the sandbox
 * behind the Google clients: what it counts, when it investigates, what it announces.
 */
class IncidentHandlerTest {
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final StructuredLog log =
      new StructuredLog(new PrintStream(logged, true, StandardCharsets.UTF_8));
  private final InMemoryIncidents incidents = new InMemoryIncidents();
  private Sandbox sandbox;
  private Engine engine;

  @BeforeEach
  void freshWorld() {
    sandbox = SharedSandbox.load("worlds/five-repositories.json");
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private PullDoctorFunction function(Config config) {
    engine = new Engine(config, SharedSandbox.clients(), Clock.systemUTC());
    return new PullDoctorFunction(
        Wiring.handler(config, engine, incidents, "acme-ops", log, Clock.systemUTC()),
        log,
        Duration.ofHours(1),
        Clock.systemUTC());
  }

  @Test
  void redeliveriesAndRepeats_countEachEventOnce_investigateOnce_announceOnce() throws Exception {
    PullDoctorFunction function = function(Config.defaultsOnly());

    for (int i = 0; i < 3; i++) {
      function.accept(FindingsEndToEndTest.seedEvent("evt-1", "services", "checkout-1"));
    }
    function.accept(FindingsEndToEndTest.seedEvent("evt-2", "services", "checkout-1"));
    function.accept(FindingsEndToEndTest.seedEvent("evt-3", "services", "checkout-2"));

    Finding f = only();
    assertThat(f.occurrences()).isEqualTo(3);
    assertThat(f.occurrencesByHour().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(3);
    assertThat(f.rootCause()).isEqualTo(RootCause.NODE_SA_MISSING_READER);
    assertThat(f.status()).isEqualTo(FindingStatus.OPEN);
    assertThat(f.evidence().nodePool()).isEqualTo("default-pool");
    assertThat(f.advice().commands()).isNotEmpty();
    assertThat(f.remediation().mode()).isEqualTo("dry-run");
    assertThat(f.pods()).isNotEmpty();
    assertThat(sandbox.calls().byMethod().get("ArtifactRegistry/GetRepository")).isEqualTo(1);
    assertThat(sandbox.errorEvents()).hasSize(1);
    assertThat(findingLines()).hasSize(1);
    assertThat(incidents.anyClaimed()).isFalse();
  }

  @Test
  void aClaimedEvent_admitsAndRecords_withoutReadingTheIncidentAgain() throws Exception {
    PullDoctorFunction function = function(Config.defaultsOnly());

    function.accept(FindingsEndToEndTest.seedEvent("evt-1", "services", "checkout-1"));

    // Today's admission answers the incident as it was, which the announcement compares with.
    assertThat(incidents.calls()).isEqualTo(Map.of("admit", 1, "record", 1));
  }

  @Test
  void aTransientFailureOfTheInvestigation_releasesTheClaim_andTheRedeliveryDiagnoses()
      throws Exception {
    PullDoctorFunction function = function(Config.defaultsOnly());
    sandbox.faults().fail("ArtifactRegistry/GetRepository", Status.Code.UNAVAILABLE, -1);

    assertThatThrownBy(
            () -> function.accept(FindingsEndToEndTest.seedEvent("evt-t", "services", "p-1")))
        .isInstanceOf(InspectionFailure.class)
        .hasMessageContaining("GetRepository");
    assertThat(incidents.anyClaimed()).as("released").isFalse();
    assertThat(only().occurrences()).isZero();

    sandbox.faults().clear();
    function.accept(FindingsEndToEndTest.seedEvent("evt-t", "services", "p-1"));

    assertThat(only().occurrences()).isEqualTo(1);
    assertThat(only().rootCause()).isEqualTo(RootCause.NODE_SA_MISSING_READER);
  }

  @Test
  void followOnEvents_countOnThePodsIncident_andAreIgnoredWithoutOne() throws Exception {
    PullDoctorFunction function = function(Config.defaultsOnly());
    function.accept(
        PullDoctorFunctionTest.event(
            "early",
            Instant.now(),
            Fixtures.pubSubData(Fixtures.logEntry("backoff-logentry.json"))));
    assertThat(incidents.findings()).isEmpty();

    function.accept(
        FindingsEndToEndTest.seedEvent("first", "services", "checkout-7d9c8b6f4-q2xnv"));
    for (String file : List.of("errimagepull-logentry.json", "backoff-logentry.json")) {
      function.accept(
          PullDoctorFunctionTest.event(
              "follow-" + file, Instant.now(), Fixtures.pubSubData(Fixtures.logEntry(file))));
    }

    assertThat(only().occurrences()).isEqualTo(3);
  }

  private Finding only() {
    assertThat(incidents.findings()).hasSize(1);
    return incidents.findings().get(0);
  }

  private List<String> findingLines() {
    return logged
        .toString(StandardCharsets.UTF_8)
        .lines()
        .filter(l -> l.contains("\"event\":\"pull_doctor_finding\""))
        .toList();
  }
}
