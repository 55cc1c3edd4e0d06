package dev.pulldoctor;

import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.DiagnosisView;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.NodePools;
import dev.pulldoctor.diagnose.Ports.ClusterDirectory;
import dev.pulldoctor.domain.Admission;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingEvidence;
import dev.pulldoctor.domain.FindingRemediation;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.domain.IncidentRepository.Admitted;
import dev.pulldoctor.domain.JsonForm;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.domain.Verdict;
import dev.pulldoctor.remediate.Remediator;
import dev.pulldoctor.report.ErrorReporter;
import dev.pulldoctor.report.FindingLog;
import dev.pulldoctor.report.StructuredLog;
import dev.pulldoctor.setup.Config;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The function's work on one pull failure (DESIGN.md §1, §4): name the incident, count the
 * occurrence, and — at most once per incident per {@code DIAGNOSIS_TTL}, across instances —
 * investigate, record the verdict, log the alerting line and raise Error Reporting when the
 * incident opens or its root cause changes.
 */
public final class IncidentHandler implements PullFailureHandler {
  private final IncidentRepository incidents;
  private final ClusterDirectory clusters;
  private final Investigator investigator;
  private final Remediator remediator;
  private final ErrorReporter errors;
  private final FindingLog findingLog;
  private final StructuredLog log;
  private final Config config;
  private final Clock clock;

  public IncidentHandler(
      IncidentRepository incidents,
      ClusterDirectory clusters,
      Investigator investigator,
      Remediator remediator,
      ErrorReporter errors,
      StructuredLog log,
      Config config,
      Clock clock) {
    this.incidents = incidents;
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
      if (incidents.countFollowOn(failure, now)) {
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
    NodePools.Resolution pool = poolOf(failure);
    IncidentKey key =
        new IncidentKey(
            failure.cluster(), pool == null ? null : pool.name(), failure.image().repositoryRef());
    Admitted admitted = incidents.admit(key, failure, now, config.diagnosisTtl(), claimTimeout());
    if (admitted.admission() == Admission.CLAIMED) {
      Verdict verdict = diagnose(key, failure, pool, admitted.before());
      findingLog.write(incidents.record(key, failure, verdict, now));
    }
  }

  /**
   * Investigates under the incident's claim, remediates as the mode says and announces a new root
   * cause; answers the verdict. Any failure frees the claim before it is thrown.
   */
  private Verdict diagnose(
      IncidentKey key, PullFailure failure, NodePools.Resolution pool, Finding before) {
    try {
      Diagnosis diagnosis =
          pool == null
              ? investigator.investigate(failure)
              : investigator.investigate(failure, pool);
      FindingRemediation remediation = FindingRemediation.of(remediator.remediate(diagnosis));
      announce(key, diagnosis, before);
      return verdict(diagnosis, remediation);
    } catch (RuntimeException e) {
      incidents.release(key, failure.eventId());
      throw e;
    }
  }

  /**
   * Raises Error Reporting's event when the incident opens or its root cause changes — before the
   * verdict is recorded, so that a transient failure redelivers the event and the event is raised
   * then (a recorded event would be a duplicate, and never announced). {@code before} is the
   * incident as its admission found it: the claim keeps other diagnoses out meanwhile.
   */
  private void announce(IncidentKey key, Diagnosis diagnosis, Finding before) {
    if (diagnosis.rootCause() == RootCause.ACCESS_NOW_GRANTED) {
      return;
    }
    if (before != null && before.rootCause() == diagnosis.rootCause()) {
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

  /**
   * The node's pool, resolved once per event: it names the incident, and the investigation starts
   * from it. Null when the cluster cannot be read; the investigation records why.
   */
  private NodePools.Resolution poolOf(PullFailure failure) {
    try {
      return NodePools.resolve(clusters.cluster(failure.cluster()), failure.nodeName());
    } catch (InspectionFailure f) {
      if (f.kind() == InspectionFailure.Kind.TRANSIENT) {
        throw f;
      }
      // The investigation records why; the incident is keyed without a pool meanwhile.
      return null;
    }
  }

  private Duration claimTimeout() {
    // An investigation makes a few rounds of calls, each bounded by API_DEADLINE.
    return config.apiDeadline().multipliedBy(4);
  }

  /** The verdict of {@code d}, with what remediation did. */
  static Verdict verdict(Diagnosis d, FindingRemediation remediation) {
    return Verdict.of(
        d.rootCause(),
        d.failure().failureKind(),
        d.summary(),
        d.evidence().nodeServiceAccount(),
        d.failure().image() == null ? null : d.failure().image().raw(),
        // The whole diagnosis view: it adds to the evidence what only the failure knows.
        JsonForm.read(FindingEvidence.class, DiagnosisView.of(d).get("evidence")),
        DiagnosisView.adviceOf(d.advice()),
        remediation);
  }

  private void ignore(PullFailure failure, String reason) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("eventId", failure.eventId());
    fields.put("reason", reason);
    fields.put("pod", failure.namespace() + "/" + failure.pod());
    log.info("pull-doctor ignored an event: " + reason, fields);
  }
}
