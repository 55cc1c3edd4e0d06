package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The function under the real Functions Framework invoker, in its own JVM, over real HTTP: what
 * Cloud Run does with the deployed jar.
 */
class FunctionInvokerIT {
  static InvokedFunction function;

  @BeforeAll
  static void start() throws Exception {
    function = InvokedFunction.start(java.util.Map.of());
  }

  @AfterAll
  static void stop() {
    function.close();
  }

  @Test
  void invoker_answers2xx_andLogsTheParsedFailure_forTheSeedCloudEvent() throws Exception {
    HttpResponse<String> response = function.postStructured(
        Files.readString(Path.of("src/test/resources/events/seed-403-cloudevent.json"))
            .replace("2026-11-20T14:02:12.105Z", Instant.now().toString()));

    assertThat(response.statusCode()).isBetween(200, 299);
    assertThat(function.awaitLog("checkout-7d9c8b6f4-q2xnv", Duration.ofSeconds(20)))
        .contains("acme-prod-417/us-central1/prod")
        .contains("PERMISSION_DENIED");
  }

  @Test
  void invoker_answers2xx_forGarbage_andLogsOneWarningWithTheEventId() throws Exception {
    HttpResponse<String> response = function.postStructured("""
        {"specversion":"1.0","id":"garbage-42","type":"google.cloud.pubsub.topic.v1.messagePublished",
         "source":"//pubsub.googleapis.com/projects/acme-ops/topics/t","datacontenttype":"application/json",
         "data":{"message":{"data":"bm90IGpzb24="}}}""");

    assertThat(response.statusCode()).isBetween(200, 299);
    assertThat(function.awaitLog("garbage-42", Duration.ofSeconds(20)))
        .contains("\"severity\":\"WARNING\"")
        .doesNotContain("Exception");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
