package dev.pulldoctor.report;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one JSON object per line in Cloud Logging's structured-logging form: the runtime parses
 * {@code severity}, {@code message} and {@code logging.googleapis.com/labels} out of stdout
 * (https://cloud.google.com/functions/docs/monitoring/logging#writing_structured_logs).
 *
 * <p>No line carries a stack trace: Error Reporting would otherwise ingest warnings as errors.
 *
 * <p>The JSON is streamed, not bound: a {@code Gson} instance loads a hundred reflective type
 * adapters, a tenth of a second of a cold start before the function can answer.
 */
public final class StructuredLog {

  private final PrintStream out;

  public StructuredLog(PrintStream out) {
    this.out = out;
  }

  /** A log on stdout, where the Functions runtime collects it. */
  public static StructuredLog stdout() {
    return new StructuredLog(System.out);
  }

  /** A log on stderr, for the CLI, whose stdout carries its answer. */
  public static StructuredLog stderr() {
    return new StructuredLog(System.err);
  }

  public void info(String message, Map<String, ?> fields) {
    write("INFO", message, fields, Map.of());
  }

  public void warning(String message, Map<String, ?> fields) {
    write("WARNING", message, fields, Map.of());
  }

  public void error(String message, Map<String, ?> fields) {
    write("ERROR", message, fields, Map.of());
  }

  /** Writes a line with top-level {@code fields} and Cloud Logging {@code labels}. */
  public void write(
      String severity, String message, Map<String, ?> fields, Map<String, String> labels) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("severity", severity);
    line.put("message", message);
    line.put("time", Instant.now().toString());
    fields.forEach(line::put);
    if (!labels.isEmpty()) {
      line.put("logging.googleapis.com/labels", labels);
    }
    String json = json(line);
    synchronized (out) {
      out.println(json);
      out.flush();
    }
  }

  /**
   * {@code value} as JSON: maps as objects (keys as text), iterables and arrays as arrays, strings,
   * numbers, booleans and null as they are, anything else (an enum, an instant) as its text.
   */
  static String json(Object value) {
    StringWriter text = new StringWriter();
    try (JsonWriter writer = new JsonWriter(text)) {
      writer.setStrictness(Strictness.LENIENT); // NaN and infinities, as Gson wrote them
      write(writer, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  private static void write(JsonWriter writer, Object value) throws IOException {
    if (value == null) {
      writer.nullValue();
    } else if (value instanceof String s) {
      writer.value(s);
    } else if (value instanceof Boolean b) {
      writer.value(b);
    } else if (value instanceof Number n) {
      writer.value(n);
    } else if (value instanceof Map<?, ?> map) {
      writer.beginObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writer.name(String.valueOf(e.getKey()));
        write(writer, e.getValue());
      }
      writer.endObject();
    } else if (value instanceof Iterable<?> items) {
      writer.beginArray();
      for (Object item : items) {
        write(writer, item);
      }
      writer.endArray();
    } else if (value instanceof Object[] items) {
      write(writer, java.util.Arrays.asList(items));
    } else {
      writer.value(value.toString());
    }
  }
}
