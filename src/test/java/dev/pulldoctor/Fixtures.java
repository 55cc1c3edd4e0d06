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
