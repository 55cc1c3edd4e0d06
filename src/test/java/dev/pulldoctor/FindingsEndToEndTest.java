package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.gson.JsonObject;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.report.FindingStore;
import dev.pulldoctor.report.FindingStores;
import dev.pulldoctor.report.StructuredLog;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import io.cloudevents.CloudEvent;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The function's whole output path (DESIGN.md §4, §6) with the real adapters: the sandbox behind
 * the Google clients, the Firestore emulator behind the store.
 */
class FindingsEndToEndTest {
  static final String IMAGE = "us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2";

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final StructuredLog log =
      new StructuredLog(new PrintStream(logged, true, StandardCharsets.UTF_8));
  private final FirestoreEmulator emulator = FirestoreEmulator.get();
  private Sandbox sandbox;
  private Engine engine;

  @BeforeEach
  void freshWorld() {
    emulator.reset();
    sandbox = SharedSandbox.load("worlds/five-repositories.json");
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private PullDoctorFunction function(Config config, IncidentRepository store) {
    engine = new Engine(config, SharedSandbox.clients(), Clock.systemUTC());
    PullFailureHandler handler =
        Wiring.handler(config, engine, store, "acme-ops", log, Clock.systemUTC());
    return new PullDoctorFunction(handler, log, Duration.ofHours(1), Clock.systemUTC());
  }

  /**
   * The incidents on the emulator, each written at most every 20 ms rather than every second, so
   * that a test's sequential deliveries do not wait out the production interval (which {@link
   * #redeliveriesAndRepeats_makeOneIncident_countedOncePerEvent_reportedOnce} keeps).
   */
  private IncidentRepository store(Config config) {
    return FindingStores.incidents(
        config.store().withIncidentWriteInterval(Duration.ofMillis(20)), emulator.env());
  }

  private IncidentRepository productionStore(Config config) {
    return FindingStores.incidents(config.store(), emulator.env());
  }

  static CloudEvent seedEvent(String id, String repository, String pod) {
    JsonObject entry = Fixtures.logEntry("seed-403-logentry.json");
    JsonObject payload = entry.getAsJsonObject("jsonPayload");
    payload.addProperty(
        "message",
        payload.get("message").getAsString().replace("/services/", "/" + repository + "/"));
    entry.getAsJsonObject("resource").getAsJsonObject("labels").addProperty("pod_name", pod);
    return PullDoctorFunctionTest.event(id, Instant.now(), Fixtures.pubSubData(entry));
  }

  private List<QueryDocumentSnapshot> documents(String collection) throws Exception {
    return emulator.client().collection(collection).get().get().getDocuments();
  }

  @Test
  void redeliveriesAndRepeats_makeOneIncident_countedOncePerEvent_reportedOnce() throws Exception {
    Config config = Config.defaultsOnly();
    PullDoctorFunction function = function(config, productionStore(config));

    for (int i = 0; i < 3; i++) {
      function.accept(seedEvent("evt-1", "services", "checkout-7d9c8b6f4-q2xnv"));
    }
    function.accept(seedEvent("evt-2", "services", "checkout-7d9c8b6f4-q2xnv"));
    function.accept(seedEvent("evt-3", "services", "checkout-7d9c8b6f4-zz9k1"));

    List<QueryDocumentSnapshot> findings = documents("pullFindings");
    assertThat(findings).hasSize(1);
    DocumentSnapshot doc = findings.get(0);
    assertThat(doc.getLong("occurrences")).isEqualTo(3);
    Map<?, ?> byHour = (Map<?, ?>) doc.get("occurrencesByHour");
    assertThat(byHour.values().stream().mapToLong(n -> (Long) n).sum())
        .as("occurrencesByHour %s", byHour)
        .isEqualTo(3);
    assertThat(byHour.keySet())
        .allSatisfy(hour -> assertThat(hour.toString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}"));
    assertThat(doc.getString("rootCause")).isEqualTo("NODE_SA_MISSING_READER");
    assertThat(doc.getString("status")).isEqualTo("OPEN");
    assertThat(doc.getString("nodeServiceAccount"))
        .isEqualTo("123456789012-compute@developer.gserviceaccount.com");
    assertThat(documents("pullEvents"))
        .extracting(DocumentSnapshot::getId)
        .containsExactlyInAnyOrder("evt-1", "evt-2", "evt-3");
    assertThat(sandbox.errorEvents()).hasSize(1);
    assertThat(
            sandbox.errorEvents().get(0).event().getContext().getReportLocation().getFunctionName())
        .isEqualTo(doc.getId());
    long findingLines =
        logged
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains("\"event\":\"pull_doctor_finding\""))
            .count();
    assertThat(findingLines).isBetween(1L, 4L);
  }

  @Test
  void aThousandEventsForFiveIncidentsOnEightThreads_loseNoOccurrence_investigateFiveTimes()
      throws Exception {
    Config config = Config.defaultsOnly();
    PullDoctorFunction function = function(config, store(config));
    String[] repos = {"services", "web", "api", "batch", "tools"};
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      // Eight instances, each receiving a stream of one incident's events: three incidents are
      // shared by two instances, which race for the claim and for every occurrence.
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 125; i++) {
                    function.accept(
                        seedEvent(
                            "storm-" + thread + "-" + i,
                            repos[thread % 5],
                            "checkout-7d9c8b6f4-q2xnv"));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    List<QueryDocumentSnapshot> findings = documents("pullFindings");
    assertThat(findings).hasSize(5);
    assertThat(findings.stream().mapToLong(d -> d.getLong("occurrences")).sum()).isEqualTo(1000);
    // Each investigation asks for its repository once.
    assertThat(sandbox.calls().byMethod().get("ArtifactRegistry/GetRepository")).isEqualTo(5);
  }

  @Test
  void aTransientGoogleApiFailure_throws_andTheRedeliveryCountsOnce() throws Exception {
    Config config = Config.from(Map.of("API_DEADLINE", "1s"));
    PullDoctorFunction function = function(config, store(config));
    sandbox.faults().fail("ArtifactRegistry/GetRepository", Status.Code.UNAVAILABLE, 3);

    // Eventarc redelivers until the function returns; the client's own retries may absorb some.
    int deliveries = 0;
    while (true) {
      deliveries++;
      try {
        function.accept(seedEvent("evt-t", "services", "p-1"));
        break;
      } catch (InspectionFailure transientFailure) {
        assertThat(transientFailure.kind()).isEqualTo(InspectionFailure.Kind.TRANSIENT);
        assertThat(deliveries).as("deliveries").isLessThan(5);
      }
    }
    assertThat(deliveries).isGreaterThan(1);
    function.accept(seedEvent("evt-t", "services", "p-1"));

    List<QueryDocumentSnapshot> findings = documents("pullFindings");
    assertThat(findings)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getLong("occurrences")).isEqualTo(1);
              assertThat(d.getString("rootCause")).isEqualTo("NODE_SA_MISSING_READER");
            });
  }

  @Test
  void aTransientFirestoreFailure_throws_andTheRedeliveryCountsOnce() throws Exception {
    Config config = Config.defaultsOnly();
    IncidentRepository real = store(config);
    AtomicBoolean failOnce = new AtomicBoolean(true);
    IncidentRepository flaky =
        (IncidentRepository)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {IncidentRepository.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("record") && failOnce.getAndSet(false)) {
                    throw new IllegalStateException("UNAVAILABLE: Firestore is restarting");
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    PullDoctorFunction function = function(config, flaky);

    assertThatThrownBy(() -> function.accept(seedEvent("evt-f", "services", "p-1")))
        .hasMessageContaining("UNAVAILABLE");
    function.accept(seedEvent("evt-f", "services", "p-1"));

    assertThat(documents("pullFindings"))
        .singleElement()
        .satisfies(d -> assertThat(d.getLong("occurrences")).isEqualTo(1));
  }

  @Test
  void followOnEvents_attachToThePodsIncident_asOccurrences() throws Exception {
    Config config = Config.defaultsOnly();
    PullDoctorFunction function = function(config, store(config));
    function.accept(seedEvent("first", "services", "checkout-7d9c8b6f4-q2xnv"));
    for (String file :
        List.of(
            "errimagepull-logentry.json",
            "backoff-logentry.json",
            "imagepullbackoff-logentry.json")) {
      function.accept(
          PullDoctorFunctionTest.event(
              "follow-" + file, Instant.now(), Fixtures.pubSubData(Fixtures.logEntry(file))));
    }

    assertThat(documents("pullFindings"))
        .singleElement()
        .satisfies(d -> assertThat(d.getLong("occurrences")).isEqualTo(4));
    assertThat(sandbox.calls().byMethod().get("ArtifactRegistry/GetRepository")).isEqualTo(1);
  }

  @Test
  void aDiagnosisAfterTheGrant_resolvesTheIncident() throws Exception {
    Config config = Config.from(Map.of("DIAGNOSIS_TTL", "1ms"));
    IncidentRepository store = store(config);
    PullDoctorFunction function = function(config, store);
    function.accept(seedEvent("before", "services", "p-1"));
    SharedSandbox.load("worlds/access-granted.json");
    engine.close();
    function = function(config, store);
    Thread.sleep(5);
    function.accept(seedEvent("after", "services", "p-1"));

    Finding f =
        FindingStores.findings(config.store(), emulator.env(), emulator::client)
            .query(new FindingStore.FindingQuery("RESOLVED", null, null, null, null, 10, null))
            .findings()
            .get(0);
    assertThat(f.rootCause().name()).isEqualTo("ACCESS_NOW_GRANTED");
    assertThat(f.occurrences()).isEqualTo(2);
  }
}
