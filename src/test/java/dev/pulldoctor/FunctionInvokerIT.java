package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.sandbox.Sandbox;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar under the real Functions Framework invoker, in its own JVM, as Cloud Run runs it:
 * CloudEvents over real HTTP, the Google clients over real gRPC to the sandbox, findings into the
 * Firestore emulator.
 */
class FunctionInvokerIT {
  static InvokedFunction function;
  static Sandbox sandbox;
  static FirestoreEmulator emulator;

  @BeforeAll
  static void start() throws Exception {
    emulator = FirestoreEmulator.get();
    sandbox = SharedSandbox.load("worlds/missing-reader.json");
    Map<String, String> env = new HashMap<>(emulator.env());
    env.put("PULL_DOCTOR_ENDPOINTS", sandbox.endpoint());
    function = InvokedFunction.start(env);
  }

  @AfterAll
  static void stop() {
    function.close();
  }

  @BeforeEach
  void clean() {
    emulator.reset();
  }

  static String seedCloudEvent(String id) throws Exception {
    return Files.readString(Path.of("src/test/resources/events/seed-403-cloudevent.json"))
        .replace("2026-11-20T14:02:12.105Z", Instant.now().toString())
        .replace("\"11827368292014411\"", "\"" + id + "\"");
  }

  @Test
  void seedEvent_answers2xx_andWritesTheFinding_raisesOneErrorReportingEvent() throws Exception {
    int reportsBefore = sandbox.errorEvents().size();
    HttpResponse<String> response = function.postStructured(seedCloudEvent("e2e-1"));
    assertThat(response.statusCode())
        .as(String.join("\n", function.snapshot()))
        .isBetween(200, 299);
    function.postStructured(seedCloudEvent("e2e-1"));

    List<QueryDocumentSnapshot> docs =
        emulator.client().collection("pullFindings").get().get().getDocuments();
    assertThat(docs)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getString("rootCause")).isEqualTo("NODE_SA_MISSING_READER");
              assertThat(d.getString("nodePool")).isEqualTo("default-pool");
              assertThat(d.getString("nodeServiceAccount"))
                  .isEqualTo("123456789012-compute@developer.gserviceaccount.com");
              assertThat(d.getString("repository")).isEqualTo("acme-prod-417/us-central1/services");
              assertThat(d.getLong("occurrences")).isEqualTo(1);
            });
    assertThat(sandbox.errorEvents()).hasSize(reportsBefore + 1);
    assertThat(function.awaitLog("\"event\":\"pull_doctor_finding\"", Duration.ofSeconds(5)))
        .contains("\"rootCause\":\"NODE_SA_MISSING_READER\"")
        .contains("\"severity\":\"WARNING\"");
  }

  /**
   * The corpus back-off event with the seed's 403 as its cause (kubernetes/kubernetes#127918), as
   * Eventarc delivers it: the seed CloudEvent with that LogEntry in {@code data.message.data}.
   */
  static String backOffCloudEvent(String id) throws Exception {
    JsonObject event = JsonParser.parseString(seedCloudEvent(id)).getAsJsonObject();
    event
        .getAsJsonObject("data")
        .getAsJsonObject("message")
        .addProperty(
            "data",
            Base64.getEncoder()
                .encodeToString(
                    Fixtures.backOffWithSeedCause().toString().getBytes(StandardCharsets.UTF_8)));
    return event.toString();
  }

  @Test
  void aLoneBackOffWithA403Cause_becomesTheSeedIncident_diagnosedAndReported() throws Exception {
    int reportsBefore = sandbox.errorEvents().size();
    HttpResponse<String> response = function.postStructured(backOffCloudEvent("e2e-backoff"));
    assertThat(response.statusCode())
        .as(String.join("\n", function.snapshot()))
        .isBetween(200, 299);

    List<QueryDocumentSnapshot> docs =
        emulator.client().collection("pullFindings").get().get().getDocuments();
    assertThat(docs)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getId()).isEqualTo(BackOffIncidentTest.SEED_FINGERPRINT);
              assertThat(d.getString("rootCause")).isEqualTo("NODE_SA_MISSING_READER");
              assertThat(d.getString("failureKind")).isEqualTo("PERMISSION_DENIED");
              assertThat(d.getString("nodePool")).isEqualTo("default-pool");
              assertThat(d.getString("repository")).isEqualTo("acme-prod-417/us-central1/services");
              assertThat(d.getLong("occurrences")).isEqualTo(1);
            });
    assertThat(sandbox.errorEvents()).hasSize(reportsBefore + 1);

    // The seed event that follows is an occurrence of the same incident.
    function.postStructured(seedCloudEvent("e2e-seed-after-backoff"));
    assertThat(emulator.client().collection("pullFindings").get().get().getDocuments())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getId()).isEqualTo(BackOffIncidentTest.SEED_FINGERPRINT);
              assertThat(d.getLong("occurrences")).isEqualTo(2);
            });
  }

  @Test
  void garbage_answers2xx_andLogsOneWarningWithTheEventId() throws Exception {
    HttpResponse<String> response =
        function.postStructured(
            """
            {"specversion":"1.0","id":"garbage-42","type":"google.cloud.pubsub.topic.v1.messagePublished",
             "source":"//pubsub.googleapis.com/projects/acme-ops/topics/t","datacontenttype":"application/json",
             "data":{"message":{"data":"bm90IGpzb24="}}}\
            """);

    assertThat(response.statusCode()).isBetween(200, 299);
    assertThat(function.awaitLog("garbage-42", Duration.ofSeconds(20)))
        .contains("\"severity\":\"WARNING\"")
        .doesNotContain("Exception");
    assertThat(emulator.client().collection("pullFindings").get().get().getDocuments()).isEmpty();
  }
}
