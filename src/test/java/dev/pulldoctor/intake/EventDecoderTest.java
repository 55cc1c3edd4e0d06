package dev.pulldoctor.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.Fixtures;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.PullFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventDecoderTest {
  private final EventDecoder decoder = new EventDecoder();

  @Test
  void decode_readsEveryFieldOfTheSeedEvent_fromThePubSubCloudEvent() {
    JsonObject cloudEvent =
        JsonParser.parseString(Fixtures.text("events/seed-403-cloudevent.json")).getAsJsonObject();
    Decoded decoded =
        decoder.decodeCloudEvent(
            cloudEvent.get("id").getAsString(),
            cloudEvent.get("data").toString().getBytes(StandardCharsets.UTF_8));

    PullFailure f = failure(decoded);
    assertThat(f.eventId()).isEqualTo("11827368292014411");
    assertThat(f.cluster().toString()).isEqualTo("acme-prod-417/us-central1/prod");
    assertThat(f.namespace()).isEqualTo("prod");
    assertThat(f.pod()).isEqualTo("checkout-7d9c8b6f4-q2xnv");
    assertThat(f.podUid()).isEqualTo("5f0c1d2e-8a7b-4c3d-9e1f-2a3b4c5d6e7f");
    assertThat(f.nodeName()).isEqualTo("gke-prod-default-pool-a1b2c3d4-9xkz");
    assertThat(f.kubernetesEventUid()).isEqualTo("0a1b2c3d-4e5f-6789-abcd-ef0123456789");
    assertThat(f.image().repositoryRef().resourceName())
        .isEqualTo("projects/acme-prod-417/locations/us-central1/repositories/services");
    assertThat(f.image().tag()).isEqualTo("1.8.2");
    assertThat(f.reason()).isEqualTo("Failed");
    assertThat(f.timestamp()).isEqualTo(Instant.parse("2026-11-20T14:02:10Z"));
    assertThat(f.followOn()).isFalse();
  }

  @Test
  void decode_acceptsACloudEventWhoseDataIsTheLogEntryItself() {
    JsonObject entry = Fixtures.logEntry("seed-403-logentry.json");
    Decoded decoded =
        decoder.decodeCloudEvent("replay-1", entry.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(failure(decoded).eventId()).isEqualTo("replay-1");
    assertThat(failure(decoded).pod()).isEqualTo("checkout-7d9c8b6f4-q2xnv");
  }

  static Stream<Arguments> corpusEntries() {
    return Stream.of(
        Arguments.of("seed-403-logentry.json", false),
        Arguments.of("repeat-403-logentry.json", false),
        Arguments.of("docker-runtime-403-logentry.json", false),
        Arguments.of("errimagepull-logentry.json", true),
        Arguments.of("imagepullbackoff-logentry.json", true),
        Arguments.of("backoff-logentry.json", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpusEntries")
  void decode_turnsEveryCorpusPullEventIntoAFailureOfTheSamePod(String file, boolean followOn) {
    PullFailure f =
        failure(decoder.decodeCloudEvent("e", Fixtures.pubSubData(Fixtures.logEntry(file))));
    assertThat(f.pod()).isEqualTo("checkout-7d9c8b6f4-q2xnv");
    assertThat(f.cluster().name()).isEqualTo("prod");
    assertThat(f.followOn()).as("follow-on").isEqualTo(followOn);
  }

  @Test
  void decode_readsABackOffThatCarriesItsCause_asACauseOfItsOwn() {
    PullFailure f =
        failure(
            decoder.decodeCloudEvent("b", Fixtures.pubSubData(Fixtures.backOffWithSeedCause())));

    assertThat(f.reason()).isEqualTo("BackOff");
    assertThat(f.failureKind()).isEqualTo(FailureKind.PERMISSION_DENIED);
    assertThat(f.followOn()).isFalse();
    assertThat(f.backOff()).isTrue();
    assertThat(f.carriesCause()).isTrue();
    assertThat(f.repeatsAnEarlierFailure()).isTrue();
    assertThat(f.image().raw())
        .isEqualTo("us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2");
  }

  @Test
  void decode_marksTheCauseLessBackOff_asAFollowOnBackOff() {
    PullFailure f =
        failure(
            decoder.decodeCloudEvent(
                "b", Fixtures.pubSubData(Fixtures.logEntry("backoff-logentry.json"))));

    assertThat(f.followOn()).isTrue();
    assertThat(f.backOff()).isTrue();
    assertThat(f.carriesCause()).isFalse();
  }

  @Test
  void decode_keepsThePullSecretsAnswers_andTakesTheKindFromTheNodesAnswer() {
    JsonObject entry = Fixtures.logEntry("seed-403-logentry.json");
    JsonObject payload = entry.getAsJsonObject("jsonPayload");
    String seed = payload.get("message").getAsString();
    int cause = seed.indexOf("\": ") + 3;
    payload.addProperty(
        "message",
        seed.substring(0, cause)
            + "[rpc error: code = Unknown desc = failed to pull and unpack image \"x\": failed to"
            + " authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized, "
            + seed.substring(cause)
            + "]");

    PullFailure f = failure(decoder.decodeCloudEvent("m", Fixtures.pubSubData(entry)));

    assertThat(f.failureKind()).isEqualTo(FailureKind.PERMISSION_DENIED);
    assertThat(f.backOff()).isFalse();
    assertThat(f.secretAttempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(FailureKind.UNAUTHORIZED);
              assertThat(a.rule()).isEqualTo("token-unauthorized");
            });
  }

  /** Variants of the seed entry as other exporters and API versions write it. */
  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of(
            "events.k8s.io/v1 note and regarding",
            (Consumer<JsonObject>)
                e -> {
                  JsonObject p = e.getAsJsonObject("jsonPayload");
                  p.add("note", p.remove("message"));
                  p.add("regarding", p.remove("involvedObject"));
                },
            "gke-prod-default-pool-a1b2c3d4-9xkz"),
        Arguments.of(
            "empty source.host falls back to reportingInstance",
            (Consumer<JsonObject>)
                e ->
                    e.getAsJsonObject("jsonPayload")
                        .getAsJsonObject("source")
                        .addProperty("host", ""),
            "gke-prod-default-pool-a1b2c3d4-9xkz"),
        Arguments.of(
            "no node at all leaves a gap",
            (Consumer<JsonObject>)
                e -> {
                  e.getAsJsonObject("jsonPayload").remove("source");
                  e.getAsJsonObject("jsonPayload").remove("reportingInstance");
                },
            null),
        Arguments.of(
            "k8s_cluster resource reads the pod from involvedObject",
            (Consumer<JsonObject>)
                e -> {
                  JsonObject labels = e.getAsJsonObject("resource").getAsJsonObject("labels");
                  e.getAsJsonObject("resource").addProperty("type", "k8s_cluster");
                  labels.remove("namespace_name");
                  labels.remove("pod_name");
                },
            "gke-prod-default-pool-a1b2c3d4-9xkz"),
        Arguments.of(
            "unknown fields are ignored",
            (Consumer<JsonObject>)
                e -> {
                  e.addProperty("somethingNew", 42);
                  e.getAsJsonObject("jsonPayload").add("series", new JsonObject());
                },
            "gke-prod-default-pool-a1b2c3d4-9xkz"),
        Arguments.of(
            "a wrongly typed optional field is a gap",
            (Consumer<JsonObject>)
                e -> e.getAsJsonObject("jsonPayload").addProperty("lastTimestamp", 17),
            "gke-prod-default-pool-a1b2c3d4-9xkz"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void decode_toleratesTheShapesExportersWrite(
      String name, Consumer<JsonObject> change, String node) {
    JsonObject entry = Fixtures.logEntry("seed-403-logentry.json");
    change.accept(entry);
    PullFailure f = failure(decoder.decodeCloudEvent("e", Fixtures.pubSubData(entry)));
    assertThat(f.pod()).isEqualTo("checkout-7d9c8b6f4-q2xnv");
    assertThat(f.namespace()).isEqualTo("prod");
    assertThat(f.nodeName()).isEqualTo(node);
    assertThat(f.image()).isNotNull();
  }

  static Stream<Arguments> rejections() {
    JsonObject seed = Fixtures.logEntry("seed-403-logentry.json");
    JsonObject noPayload = seed.deepCopy();
    noPayload.remove("jsonPayload");
    JsonObject otherLog = seed.deepCopy();
    otherLog.addProperty(
        "logName", "projects/acme-prod-417/logs/cloudaudit.googleapis.com%2Factivity");
    JsonObject controlChars = seed.deepCopy();
    controlChars
        .getAsJsonObject("resource")
        .getAsJsonObject("labels")
        .addProperty("pod_name", "checkout\u0000\u001b[31m");
    JsonObject nodeEvent = seed.deepCopy();
    nodeEvent
        .getAsJsonObject("jsonPayload")
        .getAsJsonObject("involvedObject")
        .addProperty("kind", "Node");
    JsonObject noCluster = seed.deepCopy();
    noCluster.getAsJsonObject("resource").getAsJsonObject("labels").remove("cluster_name");
    StringBuilder deep = new StringBuilder();
    deep.append("[".repeat(5000)).append("]".repeat(5000));
    return Stream.of(
        Arguments.of(
            "not JSON", "this is not json".getBytes(StandardCharsets.UTF_8), "not a JSON object"),
        Arguments.of("empty data", new byte[0], "no data"),
        Arguments.of(
            "bad base64",
            "{\"message\":{\"data\":\"%%%not base64\"}}".getBytes(StandardCharsets.UTF_8),
            "not a base64 JSON LogEntry"),
        Arguments.of(
            "base64 of invalid UTF-8",
            Fixtures.pubSubData(new byte[] {(byte) 0xc3, 0x28}),
            "not valid UTF-8"),
        Arguments.of(
            "deeply nested",
            Fixtures.pubSubData(deep.toString().getBytes(StandardCharsets.UTF_8)),
            "not a base64 JSON LogEntry"),
        Arguments.of("no jsonPayload", Fixtures.pubSubData(noPayload), "no jsonPayload"),
        Arguments.of("unrelated log", Fixtures.pubSubData(otherLog), "not a Kubernetes event"),
        Arguments.of(
            "scheduled event",
            Fixtures.pubSubData(Fixtures.logEntry("scheduled-logentry.json")),
            "not an image pull failure (reason 'Scheduled')"),
        Arguments.of(
            "control characters in names",
            Fixtures.pubSubData(controlChars),
            "pod name is not a valid name: checkout\\u0000\\u001b[31m"),
        Arguments.of("event about a node", Fixtures.pubSubData(nodeEvent), "about a Node"),
        Arguments.of(
            "no cluster name", Fixtures.pubSubData(noCluster), "cluster name is required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void decode_rejectsWithAReason_neverThrows(String name, byte[] data, String reason) {
    Decoded decoded = decoder.decodeCloudEvent("evt-7", data);
    assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
    assertThat(decoded.eventId()).isEqualTo("evt-7");
    assertThat(((Decoded.Rejected) decoded).reason()).contains(reason);
  }

  @Test
  void decode_keepsAMessageNearTheSizeLimitBounded() {
    JsonObject entry = Fixtures.logEntry("seed-403-logentry.json");
    JsonObject payload = entry.getAsJsonObject("jsonPayload");
    payload.addProperty("message", payload.get("message").getAsString() + "x".repeat(700_000));
    PullFailure f = failure(decoder.decodeCloudEvent("big", Fixtures.pubSubData(entry)));
    assertThat(f.message().length()).isLessThanOrEqualTo(PullFailure.MAX_MESSAGE_LENGTH + 1);
    assertThat(f.image().image()).isEqualTo("checkout");
  }

  @Test
  void decode_refusesAnEventOverOneMegabyte_beforeParsing_namingItsSize() {
    JsonObject entry = Fixtures.logEntry("seed-403-logentry.json");
    JsonObject payload = entry.getAsJsonObject("jsonPayload");
    payload.addProperty("message", payload.get("message").getAsString() + "x".repeat(5_000_000));
    byte[] data = Fixtures.pubSubData(entry);

    assertThat(decoder.decodeCloudEvent("big", data))
        .isEqualTo(
            new Decoded.Rejected(
                "big",
                "the event data is "
                    + data.length
                    + " bytes, over the 1048576-byte limit (a LogEntry is at most 256 KB):"
                    + " refused without parsing"));
    // Not parsed at all: over-size garbage gets the same answer, not "malformed JSON".
    byte[] garbage = new byte[EventDecoder.MAX_EVENT_BYTES + 1];
    java.util.Arrays.fill(garbage, (byte) '{');
    assertThat(((Decoded.Rejected) decoder.decodeCloudEvent("junk", garbage)).reason())
        .startsWith("the event data is 1048577 bytes, over the 1048576-byte limit");
  }

  @Test
  void decode_refusesAnOverSizeLogEntryText_beforeParsing() {
    assertThat(
            ((Decoded.Rejected) decoder.decodeLogEntryJson(" ".repeat(1_100_000) + "{}")).reason())
        .isEqualTo(
            "the log entry is 1100002 bytes, over the 1048576-byte limit (a LogEntry is at most"
                + " 256 KB): refused without parsing");
  }

  private static PullFailure failure(Decoded decoded) {
    assertThat(decoded).as("decoded %s", decoded).isInstanceOf(Decoded.Failure.class);
    return ((Decoded.Failure) decoded).failure();
  }
}
