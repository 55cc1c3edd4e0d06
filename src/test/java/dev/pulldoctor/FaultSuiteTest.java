package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.report.FindingStores;
import dev.pulldoctor.report.StoreSettings;
import dev.pulldoctor.report.StructuredLog;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import io.cloudevents.CloudEvent;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every port × every kind of failure, through the function with the real adapters (DESIGN.md §6): a
 * transient failure throws so Eventarc redelivers, and the redelivery counts once; anything else is
 * answered with a finding that names what failed. No occurrence is ever lost.
 */
class FaultSuiteTest {
  enum Fault {
    UNAVAILABLE(true),
    DEADLINE_EXCEEDED(true),
    RESOURCE_EXHAUSTED(true),
    PERMISSION_DENIED(false),
    NOT_FOUND(false),
    SLOW(true);

    final boolean transientFault;

    Fault(boolean transientFault) {
      this.transientFault = transientFault;
    }
  }

  /** The sandbox method standing for each Google port; Firestore is faulted in the store. */
  static final Map<String, String> PORTS =
      Map.of(
          "Container", "ClusterManager/GetCluster",
          "Artifact Registry", "ArtifactRegistry/GetIamPolicy",
          "IAM Credentials", "IAMCredentials/GenerateAccessToken",
          "Troubleshooter", "PolicyTroubleshooter/TroubleshootIamPolicy",
          "Resource Manager", "Projects/GetProject",
          "Error Reporting", "ReportErrorsService/ReportErrorEvent",
          "Firestore", "");

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String port : new java.util.TreeSet<>(PORTS.keySet())) {
      for (Fault fault : Fault.values()) {
        all.add(Arguments.of(port, fault));
      }
    }
    return all.stream();
  }

  private final FirestoreEmulator emulator = FirestoreEmulator.get();
  private final Config config = Config.from(Map.of("API_DEADLINE", "700ms"));
  private Sandbox sandbox;
  private Engine engine;

  @BeforeEach
  void seedWorld() {
    emulator.reset();
    sandbox = SharedSandbox.load("worlds/missing-reader.json");
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void theFunctionDoesWhatDesignSection6Says_andLosesNoOccurrence(String port, Fault fault)
      throws Exception {
    boolean firestore = port.equals("Firestore");
    boolean[] failing = {true};
    IncidentRepository store =
        firestore
            ? failingStore(FindingStores.incidents(settings(), emulator.env()), fault, failing)
            : FindingStores.incidents(settings(), emulator.env());
    PullDoctorFunction function = function(store);
    if (!firestore) {
      inject(PORTS.get(port), fault);
    }
    CloudEvent event =
        FindingsEndToEndTest.seedEvent("fault-1", "services", "checkout-7d9c8b6f4-q2xnv");

    // Error Reporting is best effort for anything but a transient failure; Firestore failures
    // always throw (nothing was recorded, so the redelivery is safe).
    boolean mustThrow = fault.transientFault || firestore;
    if (mustThrow) {
      assertThatThrownBy(() -> function.accept(event)).as("%s %s", port, fault).isNotNull();
      sandbox.faults().clear();
      failing[0] = false;
      function.accept(event);
    } else {
      function.accept(event);
      sandbox.faults().clear();
    }
    function.accept(event); // a second redelivery changes nothing

    List<QueryDocumentSnapshot> findings =
        emulator.client().collection("pullFindings").get().get().getDocuments();
    assertThat(findings)
        .as("%s %s", port, fault)
        .singleElement()
        .satisfies(
            doc -> {
              assertThat(doc.getLong("occurrences")).isEqualTo(1);
              assertThat(doc.getString("rootCause")).isNotNull();
              if (!mustThrow && !port.equals("Error Reporting")) {
                String method = PORTS.get(port).substring(PORTS.get(port).indexOf('/') + 1);
                assertThat(doc.getData().toString())
                    .as("the finding names what failed")
                    .contains(method);
              }
            });
  }

  /** The store's settings, writing an incident every 20 ms: the redeliveries follow at once. */
  private StoreSettings settings() {
    return config.store().withIncidentWriteInterval(Duration.ofMillis(20));
  }

  @Test
  void anOversizeEvent_isAcknowledgedWithAWarningNamingItsSize_andTheNextEventIsServed()
      throws Exception {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    PullDoctorFunction function =
        function(
            FindingStores.incidents(settings(), emulator.env()),
            new StructuredLog(new PrintStream(lines, true, StandardCharsets.UTF_8)));
    // The review's case: a 10 MB entry of many small keys, which Gson's tree turns into far more
    // heap than the function has.
    JsonObject entry = Fixtures.logEntry("seed-403-logentry.json");
    JsonObject payload = entry.getAsJsonObject("jsonPayload");
    for (int i = 0; payload.size() < 700_000; i++) {
      payload.addProperty("k" + i, i);
    }
    byte[] huge = Fixtures.pubSubData(entry);
    assertThat(huge.length).isGreaterThan(10_000_000);

    function.accept(PullDoctorFunctionTest.event("huge-1", Instant.now(), huge));
    function.accept(
        FindingsEndToEndTest.seedEvent("after-huge", "services", "checkout-7d9c8b6f4-q2xnv"));

    JsonObject warning =
        lines
            .toString(StandardCharsets.UTF_8)
            .lines()
            .map(l -> JsonParser.parseString(l).getAsJsonObject())
            .filter(l -> "huge-1".equals(l.has("eventId") ? l.get("eventId").getAsString() : null))
            .findFirst()
            .orElseThrow();
    assertThat(warning.get("severity").getAsString()).isEqualTo("WARNING");
    assertThat(warning.get("reason").getAsString())
        .isEqualTo(
            "the event data is "
                + huge.length
                + " bytes, over the 1048576-byte limit (a LogEntry is at most 256 KB): refused"
                + " without parsing");
    assertThat(emulator.client().collection("pullFindings").get().get().getDocuments())
        .singleElement()
        .satisfies(doc -> assertThat(doc.getLong("occurrences")).isEqualTo(1));
  }

  private void inject(String method, Fault fault) {
    if (fault == Fault.SLOW) {
      sandbox.faults().delay(method, Duration.ofSeconds(3), -1);
    } else {
      sandbox.faults().fail(method, Status.Code.valueOf(fault.name()), -1);
    }
  }

  private PullDoctorFunction function(IncidentRepository store) {
    return function(store, new StructuredLog(new PrintStream(OutputStream.nullOutputStream())));
  }

  private PullDoctorFunction function(IncidentRepository store, StructuredLog log) {
    engine = new Engine(config, SharedSandbox.clients(), Clock.systemUTC());
    PullFailureHandler handler =
        Wiring.handler(config, engine, store, "acme-ops", log, Clock.systemUTC());
    return new PullDoctorFunction(handler, log, Duration.ofHours(1), Clock.systemUTC());
  }

  /** The store failing every write while {@code failing[0]}, as Firestore's client would. */
  private static IncidentRepository failingStore(
      IncidentRepository real, Fault fault, boolean[] failing) {
    return (IncidentRepository)
        Proxy.newProxyInstance(
            FaultSuiteTest.class.getClassLoader(),
            new Class<?>[] {IncidentRepository.class},
            (proxy, method, args) -> {
              boolean write = method.getName().equals("record") || method.getName().equals("admit");
              if (write && failing[0]) {
                Status.Code code =
                    fault == Fault.SLOW
                        ? Status.Code.DEADLINE_EXCEEDED
                        : Status.Code.valueOf(fault.name());
                throw ApiExceptionFactory.createException(
                    new RuntimeException("injected"),
                    GrpcStatusCode.of(code),
                    fault.transientFault);
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
