package dev.pulldoctor.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one JSON object per line in Cloud Logging's structured-logging form: the runtime parses
 * {@code severity}, {@code message} and {@code logging.googleapis.com/labels} out of stdout
 * (https://cloud.google.com/functions/docs/monitoring/logging#writing_structured_logs).
 *
 * <p>No line carries a stack trace: Error Reporting would otherwise ingest warnings as errors.
 */
public final class StructuredLog {
  private static final Gson GSON =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

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
    String json = GSON.toJson(line);
    synchronized (out) {
      out.println(json);
      out.flush();
    }
  }
}
