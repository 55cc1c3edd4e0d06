package dev.pulldoctor.report;

import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.JsonForm;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The structured log line written per diagnosis, the finding's {@link Finding.LogLine} in its JSON
 * form: its stable fields feed the log-based metric and the alert policy Terraform creates. WARNING
 * for an open incident (never ERROR, and no stack trace, so Error Reporting does not count it a
 * second time), INFO once it resolves.
 */
public final class FindingLog {
  /** The value of the {@code event} field that the log-based metric filters on. */
  public static final String EVENT = "pull_doctor_finding";

  private final StructuredLog log;

  public FindingLog(StructuredLog log) {
    this.log = log;
  }

  public void write(Finding f) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", EVENT);
    fields.putAll(JsonForm.map(f.logLine(), true));
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("pull_doctor_fingerprint", f.fingerprint());
    labels.put("pull_doctor_root_cause", f.rootCause() == null ? "" : f.rootCause().name());
    String severity = f.status() == FindingStatus.OPEN ? "WARNING" : "INFO";
    log.write(
        severity,
        "pull-doctor: " + (f.rootCause() == null ? "" : f.rootCause().name() + ": ") + f.summary(),
        fields,
        labels);
  }
}
