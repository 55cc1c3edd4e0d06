package dev.pulldoctor.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.pulldoctor.Fixtures;
import dev.pulldoctor.PullDoctorFunction;
import dev.pulldoctor.PullDoctorFunctionTest;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.report.StructuredLog;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand mutated events derived from the corpus, through the function: none may escape as an
 * exception, none that does not decode may reach the handler, and none may hang.
 */
class EventFuzzTest {
  static final int CASES = 10_000;
  static final List<String> CORPUS =
      List.of(
          "seed-403-logentry.json",
          "repeat-403-logentry.json",
          "docker-runtime-403-logentry.json",
          "errimagepull-logentry.json",
          "imagepullbackoff-logentry.json",
          "backoff-logentry.json",
          "scheduled-logentry.json");

  private final Random random = new Random(20261124L);

  /** One way to break an event: takes a LogEntry's JSON text, answers CloudEvent data bytes. */
  private final Map<String, Function<String, byte[]>> mutations =
      Map.of(
          "truncated",
          this::truncated,
          "bit-flipped",
          this::bitFlipped,
          "wrong types",
          this::wrongTypes,
          "huge strings",
          this::hugeStrings,
          "deep nesting",
          this::deepNesting,
          "invalid UTF-8 in base64",
          this::invalidUtf8,
          "raw bytes",
          this::rawBytes,
          "fields dropped",
          this::fieldsDropped,
          OVERSIZE,
          this::oversize);

  /** A valid pull failure padded past 1 MB: it would decode, and must be refused unparsed. */
  private static final String OVERSIZE = "over 1 MB";

  @Test
  void mutatedEvents_neverThrow_neverReachTheHandlerUndecoded_neverHang() throws Exception {
    List<String> entries = new ArrayList<>();
    for (String file : CORPUS) {
      entries.add(Fixtures.text("events/" + file));
    }
    List<PullFailure> handled = new ArrayList<>();
    PullDoctorFunction function =
        new PullDoctorFunction(
            handled::add,
            new StructuredLog(new PrintStream(OutputStream.nullOutputStream())),
            Duration.ofHours(1),
            Clock.systemUTC());
    EventDecoder decoder = new EventDecoder();
    List<String> names = new ArrayList<>(mutations.keySet());
    List<String> problems = new ArrayList<>();
    long slowestNanos = 0;
    int decodedCount = 0;
    for (int i = 0; i < CASES; i++) {
      String mutation = names.get(i % names.size());
      byte[] data = mutations.get(mutation).apply(entries.get(random.nextInt(entries.size())));
      int before = handled.size();
      long start = System.nanoTime();
      try {
        function.accept(PullDoctorFunctionTest.event("fuzz-" + i, Instant.now(), data));
      } catch (Throwable t) {
        problems.add(i + " " + mutation + ": " + t);
        continue;
      }
      slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
      boolean decoded = decoder.decodeCloudEvent("fuzz-" + i, data) instanceof Decoded.Failure;
      decodedCount += decoded ? 1 : 0;
      if (!decoded && handled.size() != before) {
        problems.add(i + " " + mutation + ": an undecodable event reached the handler");
      }
      if (mutation.equals(OVERSIZE)
          && (decoded
              || !((Decoded.Rejected) decoder.decodeCloudEvent("fuzz-" + i, data))
                  .reason()
                  .endsWith("refused without parsing"))) {
        problems.add(i + " " + mutation + ": an event over 1 MB was not refused for its size");
      }
    }
    assertThat(problems).as("cases that went wrong").isEmpty();
    assertThat(decodedCount).as("some mutations still decode, most do not").isBetween(1, CASES - 1);
    // A hang guard, not a speed target: every case must come back at all.
    assertThat(Duration.ofNanos(slowestNanos)).isLessThan(Duration.ofSeconds(10));
  }

  private byte[] truncated(String entry) {
    return Fixtures.pubSubData(utf8(entry.substring(0, random.nextInt(entry.length()))));
  }

  private byte[] bitFlipped(String entry) {
    byte[] bytes = utf8(entry);
    for (int n = 1 + random.nextInt(8); n > 0; n--) {
      bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return random.nextBoolean() ? Fixtures.pubSubData(bytes) : bytes;
  }

  private byte[] wrongTypes(String entry) {
    JsonObject root = JsonParser.parseString(entry).getAsJsonObject();
    List<JsonObject> objects = new ArrayList<>();
    collect(root, objects);
    JsonObject target = objects.get(random.nextInt(objects.size()));
    List<String> keys = new ArrayList<>(target.keySet());
    if (!keys.isEmpty()) {
      String key = keys.get(random.nextInt(keys.size()));
      JsonElement replacement =
          switch (random.nextInt(5)) {
            case 0 -> new JsonPrimitive(random.nextInt());
            case 1 -> new JsonArray();
            case 2 -> new JsonObject();
            case 3 -> new JsonPrimitive(random.nextBoolean());
            default -> com.google.gson.JsonNull.INSTANCE;
          };
      target.add(key, replacement);
    }
    return Fixtures.pubSubData(root);
  }

  private byte[] hugeStrings(String entry) {
    JsonObject root = JsonParser.parseString(entry).getAsJsonObject();
    // Mostly large, now and then over a megabyte: what a runaway message looks like.
    int repeats = random.nextInt(50) == 0 ? 300_000 : 2_000 + random.nextInt(20_000);
    String huge = "x<\u0000\u202e".repeat(repeats);
    JsonObject payload = root.getAsJsonObject("jsonPayload");
    String[] fields = {"message", "reason"};
    payload.addProperty(fields[random.nextInt(fields.length)], huge);
    root.getAsJsonObject("resource")
        .getAsJsonObject("labels")
        .addProperty(
            "pod_name", random.nextBoolean() ? huge.substring(0, 300) : "checkout-7d9c8b6f4-q2xnv");
    return Fixtures.pubSubData(root);
  }

  private byte[] oversize(String entry) {
    // Whitespace is valid JSON anywhere between tokens: without the limit, this decodes.
    int pad = EventDecoder.MAX_EVENT_BYTES + 1 + random.nextInt(200_000);
    String padded = entry.replaceFirst("\\{", "{" + " ".repeat(pad));
    return random.nextBoolean() ? Fixtures.pubSubData(utf8(padded)) : utf8(padded);
  }

  private byte[] deepNesting(String entry) {
    int depth = 50 + random.nextInt(5000);
    String nested = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    String text =
        entry.replaceFirst("\"jsonPayload\": \\{", "\"jsonPayload\": {\"deep\": " + nested + ",");
    return Fixtures.pubSubData(utf8(text));
  }

  private byte[] invalidUtf8(String entry) {
    byte[] bytes = utf8(entry);
    int at = random.nextInt(bytes.length);
    byte[] bad = {(byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xfe, (byte) 0xed, (byte) 0xa0};
    byte[] out = new byte[bytes.length + 2];
    System.arraycopy(bytes, 0, out, 0, at);
    out[at] = bad[random.nextInt(bad.length)];
    out[at + 1] = bad[random.nextInt(bad.length)];
    System.arraycopy(bytes, at, out, at + 2, bytes.length - at);
    return Fixtures.pubSubData(out);
  }

  private byte[] rawBytes(String entry) {
    byte[] bytes = new byte[random.nextInt(4096)];
    random.nextBytes(bytes);
    return random.nextBoolean() ? Fixtures.pubSubData(bytes) : bytes;
  }

  private byte[] fieldsDropped(String entry) {
    JsonObject root = JsonParser.parseString(entry).getAsJsonObject();
    List<JsonObject> objects = new ArrayList<>();
    collect(root, objects);
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      JsonObject target = objects.get(random.nextInt(objects.size()));
      List<String> keys = new ArrayList<>(target.keySet());
      if (!keys.isEmpty()) {
        target.remove(keys.get(random.nextInt(keys.size())));
      }
    }
    return Fixtures.pubSubData(root);
  }

  private static void collect(JsonObject o, List<JsonObject> into) {
    into.add(o);
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      if (e.getValue().isJsonObject()) {
        collect(e.getValue().getAsJsonObject(), into);
      }
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
