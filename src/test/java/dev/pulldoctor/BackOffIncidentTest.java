package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.gson.JsonObject;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.report.FindingStores;
import dev.pulldoctor.report.StructuredLog;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
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
 * A back-off event that carries its cause (kubernetes/kubernetes#127918, DESIGN.md §3) on the
 * function's real path: the sandbox's seed world behind the Google clients, the Firestore emulator
 * behind the store.
 */
class BackOffIncidentTest {
  /** The seed incident: cluster prod of acme-prod-417, pool default-pool, repository services. */
  static final String SEED_FINGERPRINT =
      new IncidentKey(
              new ClusterRef("acme-prod-417", "us-central1", "prod"),
              "default-pool",
              new RepositoryRef("acme-prod-417", "us-central1", "services"))
          .fingerprint();

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final StructuredLog log =
      new StructuredLog(new PrintStream(logged, true, StandardCharsets.UTF_8));
  private final FirestoreEmulator emulator = FirestoreEmulator.get();
  private Sandbox sandbox;
  private Engine engine;
  private PullDoctorFunction function;

  @BeforeEach
  void seedWorld() {
    emulator.reset();
    sandbox = SharedSandbox.load("worlds/seed-world.json");
    Config config = Config.defaultsOnly();
    engine = new Engine(config, SharedSandbox.clients(), Clock.systemUTC());
    IncidentRepository store =
        FindingStores.incidents(
            config.store().withIncidentWriteInterval(Duration.ofMillis(20)), emulator.env());
    PullFailureHandler handler =
        Wiring.handler(config, engine, store, "acme-ops", log, Clock.systemUTC());
    function = new PullDoctorFunction(handler, log, Duration.ofHours(1), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void deliver(String id, JsonObject entry) throws Exception {
    function.accept(PullDoctorFunctionTest.event(id, Instant.now(), Fixtures.pubSubData(entry)));
  }

  private List<QueryDocumentSnapshot> findings() throws Exception {
    return emulator.client().collection("pullFindings").get().get().getDocuments();
  }

  @Test
  void aLoneBackOffWithACause_opensAndDiagnosesTheSeedIncident() throws Exception {
    deliver("backoff-1", Fixtures.backOffWithSeedCause());

    assertThat(findings())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getId()).isEqualTo(SEED_FINGERPRINT);
              assertThat(d.getString("rootCause")).isEqualTo("NODE_SA_MISSING_READER");
              assertThat(d.getString("failureKind")).isEqualTo("PERMISSION_DENIED");
              assertThat(d.getString("nodePool")).isEqualTo("default-pool");
              assertThat(d.getLong("occurrences")).isEqualTo(1);
            });
    assertThat(sandbox.errorEvents()).hasSize(1);
  }

  @Test
  void theFirstFailureArrivingAfterTheBackOff_countsOnTheIncidentTheBackOffOpened()
      throws Exception {
    deliver("backoff-1", Fixtures.backOffWithSeedCause());
    deliver("seed-1", Fixtures.logEntry("seed-403-logentry.json"));

    assertThat(findings())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getId()).isEqualTo(SEED_FINGERPRINT);
              assertThat(d.getLong("occurrences")).isEqualTo(2);
            });
    assertThat(sandbox.calls().byMethod().get("ArtifactRegistry/GetRepository")).isEqualTo(1);
  }

  @Test
  void aBackOffWithACause_isAnOccurrence_whenThePodHasAnIncident() throws Exception {
    deliver("seed-1", Fixtures.logEntry("seed-403-logentry.json"));
    deliver("backoff-1", Fixtures.backOffWithSeedCause());
    deliver("backoff-1", Fixtures.backOffWithSeedCause());

    assertThat(findings())
        .singleElement()
        .satisfies(d -> assertThat(d.getLong("occurrences")).isEqualTo(2));
    assertThat(sandbox.calls().byMethod().get("ArtifactRegistry/GetRepository")).isEqualTo(1);
    assertThat(sandbox.errorEvents()).hasSize(1);
  }

  @Test
  void causeLessFollowOns_openNothing_whenThePodHasNoIncident() throws Exception {
    for (String file :
        List.of(
            "backoff-logentry.json",
            "errimagepull-logentry.json",
            "imagepullbackoff-logentry.json")) {
      deliver("follow-" + file, Fixtures.logEntry(file));
    }

    assertThat(findings()).isEmpty();
    assertThat(sandbox.calls().byMethod().get("ArtifactRegistry/GetRepository")).isNull();
    assertThat(logged.toString(StandardCharsets.UTF_8))
        .contains("a follow-on event of a pod with no incident yet");
  }

  @Test
  void severalAnswers_theNodesDecides_andThePullSecretsAnswersGoIntoTheEvidence() throws Exception {
    JsonObject entry = Fixtures.logEntry("seed-403-logentry.json");
    JsonObject payload = entry.getAsJsonObject("jsonPayload");
    String seed = payload.get("message").getAsString();
    int cause = seed.indexOf("\": ") + 3;
    String secret =
        "rpc error: code = Unknown desc = failed to pull and unpack image"
            + " \"us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2\": failed to"
            + " resolve reference"
            + " \"us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2\": failed to"
            + " authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized";
    payload.addProperty(
        "message", seed.substring(0, cause) + "[" + secret + ", " + seed.substring(cause) + "]");

    deliver("several-1", entry);

    QueryDocumentSnapshot d = findings().get(0);
    assertThat(d.getString("failureKind")).isEqualTo("PERMISSION_DENIED");
    assertThat(d.getString("rootCause")).isEqualTo("NODE_SA_MISSING_READER");
    @SuppressWarnings("unchecked")
    Map<String, Object> evidence = (Map<String, Object>) d.get("evidence");
    assertThat(evidence.get("pullSecretAnswers"))
        .asList()
        .singleElement()
        .isEqualTo(
            Map.of(
                "failureKind", "UNAUTHORIZED",
                "rule", "token-unauthorized",
                "message", secret));
  }
}
