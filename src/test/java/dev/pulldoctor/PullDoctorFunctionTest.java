package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.report.StructuredLog;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public class PullDoctorFunctionTest {
  private static final Instant NOW = Instant.parse("2026-11-20T14:05:00Z");

  private final List<PullFailure> handled = new ArrayList<>();
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final PullDoctorFunction function =
      new PullDoctorFunction(
          handled::add,
          new StructuredLog(new PrintStream(logged, true, StandardCharsets.UTF_8)),
          Duration.ofHours(1),
          Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void accept_handsThePullFailureOfAPubSubEventToTheHandler() throws Exception {
    function.accept(
        event(
            "11827368292014411",
            NOW.minusSeconds(170),
            Fixtures.pubSubData(Fixtures.logEntry("seed-403-logentry.json"))));

    assertThat(handled)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.eventId()).isEqualTo("11827368292014411");
              assertThat(f.pod()).isEqualTo("checkout-7d9c8b6f4-q2xnv");
            });
    assertThat(logged.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void accept_acknowledgesGarbageWithOneStructuredWarningNamingTheEvent() throws Exception {
    function.accept(event("evt-garbage", NOW, "{not json".getBytes(StandardCharsets.UTF_8)));

    assertThat(handled).isEmpty();
    String[] lines = logged.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(1);
    JsonObject line = JsonParser.parseString(lines[0]).getAsJsonObject();
    assertThat(line.get("severity").getAsString()).isEqualTo("WARNING");
    assertThat(line.get("eventId").getAsString()).isEqualTo("evt-garbage");
    assertThat(line.get("reason").getAsString()).contains("not a JSON object");
  }

  @Test
  void accept_acknowledgesAnEventOlderThanMaxEventAgeWithoutWork() throws Exception {
    function.accept(
        event(
            "old",
            NOW.minus(Duration.ofHours(2)),
            Fixtures.pubSubData(Fixtures.logEntry("seed-403-logentry.json"))));

    assertThat(handled).isEmpty();
    assertThat(logged.toString(StandardCharsets.UTF_8))
        .contains("MAX_EVENT_AGE")
        .contains("\"old\"");
  }

  @Test
  void accept_letsATransientFailureOfTheHandlerThrow_soEventarcRedelivers() {
    PullDoctorFunction failing =
        new PullDoctorFunction(
            f -> {
              throw new IllegalStateException("UNAVAILABLE");
            },
            new StructuredLog(new PrintStream(logged)),
            Duration.ofHours(1),
            Clock.systemUTC());

    assertThatThrownBy(
            () ->
                failing.accept(
                    event(
                        "e",
                        null,
                        Fixtures.pubSubData(Fixtures.logEntry("seed-403-logentry.json")))))
        .hasMessage("UNAVAILABLE");
  }

  public static CloudEvent event(String id, Instant time, byte[] data) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withSource(
            URI.create("//pubsub.googleapis.com/projects/acme-ops/topics/pull-doctor-events"))
        .withType("google.cloud.pubsub.topic.v1.messagePublished")
        .withTime(time == null ? null : OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
        .withData("application/json", data)
        .build();
  }
}
