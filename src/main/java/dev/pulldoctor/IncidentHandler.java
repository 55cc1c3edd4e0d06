package dev.pulldoctor;

import dev.pulldoctor.diagnose.ClusterInfo;
import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.DiagnosisView;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.NodePools;
import dev.pulldoctor.diagnose.Ports.ClusterDirectory;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.remediate.Remediator;
import dev.pulldoctor.report.ErrorReporter;
import dev.pulldoctor.report.FindingLog;
import dev.pulldoctor.report.FindingStore;
import dev.pulldoctor.report.FindingStore.Admission;
import dev.pulldoctor.report.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The function's work on one pull failure (DESIGN.md §1, §4): name the incident, count the
 * occurrence, and — at most once per incident per {@code DIAGNOSIS_TTL}, across instances —
 * investigate, record the finding, log the alerting line and raise Error Reporting when the
 * incident opens or its root cause changes.
 */
public final class IncidentHandler implements PullFailureHandler {
  private final FindingStore store;
  private final ClusterDirectory clusters;
  private final Investigator investigator;
  private final Remediator remediator;
  private final ErrorReporter errors;
  private final FindingLog findingLog;
  private final StructuredLog log;
  private final Config config;
  private final Clock clock;

  public IncidentHandler(
      FindingStore store,
      ClusterDirectory clusters,
      Investigator investigator,
      Remediator remediator,
      ErrorReporter errors,
      StructuredLog log,
      Config config,
      Clock clock) {
    this.store = store;
    this.clusters = clusters;
    this.investigator = investigator;
    this.remediator = remediator;
    this.errors = errors;
    this.findingLog = new FindingLog(log);
    this.log = log;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void handle(PullFailure failure) {
    Instant now = clock.instant();
    if (failure.repeatsAnEarlierFailure()) {
      if (store.countFollowOn(failure, now, config.eventRecordTtl())) {
        return;
      }
      if (!failure.carriesCause()) {
        ignore(failure, "a follow-on event of a pod with no incident yet");
        return;
      }
      // A back-off that names its cause stands in for a first failure that never arrived: it
      // opens the incident (DESIGN.md §3).
    }
    if (failure.image() == null || !failure.image().inScope()) {
      ignore(failure, "the image is not served by Artifact Registry");
      return;
    }
    IncidentKey key = keyOf(failure);
    Admission admission =
        store.admit(
            key, failure, now, config.diagnosisTtl(), claimTimeout(), config.eventRecordTtl());
    if (admission == Admission.CLAIMED) {
      Map<String, Object> fields = diagnose(key, failure);
      findingLog.write(store.record(key, failure, fields, now, config.eventRecordTtl()).after());
    }
  }

  /**
   * Investigates under the incident's claim, remediates as the mode says and announces a new root
   * cause; answers the finding's fields. Any failure frees the claim before it is thrown.
   */
  private Map<String, Object> diagnose(IncidentKey key, PullFailure failure) {
    try {
      Diagnosis diagnosis = investigator.investigate(failure);
      Map<String, Object> fields = fields(diagnosis);
      Map<String, Object> remediation = remediator.remediate(diagnosis);
      if (remediation != null) {
        fields.put("remediation", remediation);
        if (Boolean.TRUE.equals(remediation.get("verified"))) {
          fields.put("status", FindingStatus.REMEDIATED.name());
        }
      }
      announce(key, diagnosis);
      return fields;
    } catch (RuntimeException e) {
      store.release(key, failure.eventId());
      throw e;
    }
  }

  /**
   * Raises Error Reporting's event when the incident opens or its root cause changes — before the
   * finding is recorded, so that a transient failure redelivers the event and the event is raised
   * then (a recorded event would be a duplicate, and never announced).
   */
  private void announce(IncidentKey key, Diagnosis diagnosis) {
    if (diagnosis.rootCause() == RootCause.ACCESS_NOW_GRANTED) {
      return;
    }
    RootCause before = store.get(key.fingerprint()).map(Finding::rootCause).orElse(null);
    if (before == diagnosis.rootCause()) {
      return;
    }
    try {
      errors.report(key.fingerprint(), diagnosis);
    } catch (InspectionFailure f) {
      if (f.kind() == InspectionFailure.Kind.TRANSIENT) {
        throw f;
      }
      // Pull Doctor may not report (say, no errorreporting.writer): the finding and the log line
      // still carry the incident, and the alert rests on the log line.
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("fingerprint", key.fingerprint());
      fields.put("reason", f.getMessage());
      log.warning("pull-doctor could not raise the Error Reporting event", fields);
    }
  }

  private IncidentKey keyOf(PullFailure failure) {
    String pool = null;
    try {
      ClusterInfo cluster = clusters.cluster(failure.cluster());
      pool = NodePools.poolOf(cluster, failure.nodeName());
    } catch (InspectionFailure f) {
      if (f.kind() == InspectionFailure.Kind.TRANSIENT) {
        throw f;
      }
      // The investigation records why; the incident is keyed without a pool meanwhile.
    }
    return new IncidentKey(failure.cluster(), pool, failure.image().repositoryRef());
  }

  private Duration claimTimeout() {
    // An investigation makes a few rounds of calls, each bounded by API_DEADLINE.
    return config.apiDeadline().multipliedBy(4);
  }

  static Map<String, Object> fields(Diagnosis d) {
    Map<String, Object> view = DiagnosisView.of(d);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(
        "status",
        (d.rootCause() == RootCause.ACCESS_NOW_GRANTED
                ? FindingStatus.RESOLVED
                : FindingStatus.OPEN)
            .name());
    fields.put("rootCause", d.rootCause().name());
    fields.put("failureKind", d.failure().failureKind().name());
    fields.put("summary", d.summary());
    fields.put("nodeServiceAccount", d.evidence().nodeServiceAccount());
    fields.put("image", d.failure().image() == null ? null : d.failure().image().raw());
    fields.put("evidence", view.get("evidence"));
    fields.put("advice", view.get("advice"));
    return fields;
  }

  private void ignore(PullFailure failure, String reason) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("eventId", failure.eventId());
    fields.put("reason", reason);
    fields.put("pod", failure.namespace() + "/" + failure.pod());
    log.info("pull-doctor ignored an event: " + reason, fields);
  }
}
