package dev.pulldoctor.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.Fixtures;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The seed 403 image-pull failure as Eventarc delivers it, with a new id and time. */
final class BenchEvents {
  private static final JsonObject SEED_ENTRY = Fixtures.logEntry("seed-403-logentry.json");

  private BenchEvents() {}

  /** The seed CloudEvent (structured mode, as POSTed by Eventarc) with this id and time. */
  static String seedStructured(String id, Instant time) {
    JsonObject event =
        JsonParser.parseString(Fixtures.text("events/seed-403-cloudevent.json")).getAsJsonObject();
    event.addProperty("id", id);
    event.addProperty("time", time.toString());
    return event.toString();
  }

  /** The seed failure for {@code repository} (in place of {@code services}) and {@code pod}. */
  static CloudEvent seed(String id, String repository, String pod, Instant time) {
    JsonObject entry = SEED_ENTRY.deepCopy();
    JsonObject payload = entry.getAsJsonObject("jsonPayload");
    payload.addProperty(
        "message",
        payload.get("message").getAsString().replace("/services/", "/" + repository + "/"));
    entry.getAsJsonObject("resource").getAsJsonObject("labels").addProperty("pod_name", pod);
    return CloudEventBuilder.v1()
        .withId(id)
        .withSource(
            URI.create("//pubsub.googleapis.com/projects/acme-ops/topics/pull-doctor-events"))
        .withType("google.cloud.pubsub.topic.v1.messagePublished")
        .withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
        .withData("application/json", Fixtures.pubSubData(entry))
        .build();
  }
}
