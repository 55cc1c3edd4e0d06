package dev.pulldoctor;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Test data from src/test/resources: real-shaped log entries and CloudEvents. */
public final class Fixtures {
  private Fixtures() {}

  public static String text(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A LogEntry from src/test/resources/events. */
  public static JsonObject logEntry(String name) {
    return JsonParser.parseString(text("events/" + name)).getAsJsonObject();
  }

  /**
   * The corpus back-off event as kubelets since kubernetes/kubernetes#127918 write it: {@code
   * backoff-logentry.json} whose message carries the seed event's cause, {@code Back-off pulling
   * image "IMG": ErrImagePull: <the 403 of seed-403-logentry.json>}.
   */
  public static JsonObject backOffWithSeedCause() {
    String seed =
        logEntry("seed-403-logentry.json")
            .getAsJsonObject("jsonPayload")
            .get("message")
            .getAsString();
    JsonObject entry = logEntry("backoff-logentry.json");
    JsonObject payload = entry.getAsJsonObject("jsonPayload");
    String backOff = payload.get("message").getAsString();
    String prefix = "\": ";
    String cause = seed.substring(seed.indexOf(prefix) + prefix.length());
    payload.addProperty("message", backOff + ": ErrImagePull: " + cause);
    return entry;
  }

  /** The data of an Eventarc Pub/Sub CloudEvent carrying {@code logEntry}. */
  public static byte[] pubSubData(JsonObject logEntry) {
    return pubSubData(logEntry.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The data of an Eventarc Pub/Sub CloudEvent carrying raw {@code bytes} as message data. */
  public static byte[] pubSubData(byte[] bytes) {
    JsonObject message = new JsonObject();
    message.addProperty("data", Base64.getEncoder().encodeToString(bytes));
    message.addProperty("messageId", "11827368292014411");
    JsonObject data = new JsonObject();
    data.add("message", message);
    data.addProperty("subscription", "projects/acme-ops/subscriptions/eventarc-sub");
    return data.toString().getBytes(StandardCharsets.UTF_8);
  }
}
