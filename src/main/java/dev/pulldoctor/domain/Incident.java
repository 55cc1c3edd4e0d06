package dev.pulldoctor.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One incident — a node pool that cannot pull from a repository — and its lifecycle rules: it is
 * opened by its first event, counts each occurrence, is claimed by one event at a time for a
 * diagnosis, records the verdict, and is released when a diagnosis fails. These methods are the
 * only way its state changes; stores turn it into their form and back, nothing more (STYLE.md 10a).
 *
 * <p>Not thread-safe: a store changes an incident inside its own transaction (or lock).
 */
public final class Incident {
  /** How far back {@link Finding#occurrencesByHour} counts: the chart's two days. */
  public static final int HOURS_KEPT = 48;

  /** The UTC hour an occurrence is counted in: {@code 2026-12-01T21}. */
  public static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

  /**
   * Who holds the diagnosis and since when.
   *
   * @param eventId the event whose investigation runs
   */
  public record Claim(String eventId, Instant at) {
    public Claim {
      if (eventId == null || at == null) {
        throw new IllegalArgumentException("a claim names its event and time");
      }
    }
  }

  private Finding finding;
  private Claim claim;

  private Incident(Finding finding, Claim claim) {
    this.finding = finding;
    this.claim = claim;
  }

  /**
   * A new incident of {@code key}, opened by {@code failure}: status OPEN, no occurrence counted
   * yet, nothing diagnosed, first and last seen when the failure was.
   */
  public static Incident open(IncidentKey key, PullFailure failure, Instant now) {
    Instant seen = seenAt(failure, now);
    Finding f =
        new Finding(
            key.fingerprint(),
            FindingStatus.OPEN,
            failure.failureKind(),
            null,
            null,
            key.cluster().toString(),
            key.cluster().project(),
            key.cluster().location(),
            key.cluster().name(),
            key.nodePool(),
            null,
            key.repository().toString(),
            key.repository().project(),
            key.repository().location(),
            key.repository().name(),
            failure.image() == null ? null : failure.image().raw(),
            0,
            seen,
            seen,
            null,
            List.of(),
            List.of(),
            null,
            null,
            null,
            null);
    return new Incident(f, null);
  }

  /** The incident as a store read it back. */
  public static Incident restore(Finding finding, Claim claim) {
    return new Incident(finding, claim);
  }

  /** The incident as readers see it. */
  public Finding finding() {
    return finding;
  }

  /** The diagnosis claim, or null. */
  public Claim claim() {
    return claim;
  }

  /**
   * Admits a new (not yet processed) event: it is counted when the incident was diagnosed within
   * {@code diagnosisTtl} or another event's claim is younger than {@code claimTimeout} ({@link
   * Admission#COUNTED}); otherwise the event takes the claim ({@link Admission#CLAIMED}) and is
   * counted when its verdict is recorded. Its pod is listed either way, so that the pod's
   * cause-less follow-on events find the incident meanwhile.
   */
  public Admission admit(
      PullFailure failure, Instant now, Duration diagnosisTtl, Duration claimTimeout) {
    boolean fresh =
        finding.lastDiagnosedAt() != null
            && now.isBefore(finding.lastDiagnosedAt().plus(diagnosisTtl));
    boolean claimedByOther =
        claim != null
            && !claim.eventId().equals(failure.eventId())
            && now.isBefore(claim.at().plus(claimTimeout));
    if (fresh || claimedByOther) {
      count(failure, now);
      return Admission.COUNTED;
    }
    listPod(failure);
    claim = new Claim(failure.eventId(), now);
    return Admission.CLAIMED;
  }

  /**
   * Counts one occurrence: the count, the first and last time seen (kubelet's time, or the arrival
   * {@code now} when the exporter left it out), the pod at the newest end of the lists, and the
   * hour of its arrival in {@link Finding#occurrencesByHour}. The hour is the arrival's, not
   * kubelet's: the chart counts what Pull Doctor received, on one clock, and an event older than
   * {@code MAX_EVENT_AGE} is never counted anyway.
   */
  public void count(PullFailure failure, Instant now) {
    Instant seen = seenAt(failure, now);
    Instant first = finding.firstSeen();
    Instant last = finding.lastSeen();
    SortedMap<String, Long> byHour = hoursKept(finding.occurrencesByHour(), now);
    byHour.merge(HOUR.format(now), 1L, Long::sum);
    finding =
        finding.withSightings(
            finding.occurrences() + 1,
            first == null || seen.isBefore(first) ? seen : first,
            last == null || seen.isAfter(last) ? seen : last,
            byHour);
    listPod(failure);
  }

  /**
   * Records a verdict: it replaces the previous diagnosis whole (evidence of an earlier one does
   * not linger), {@code lastDiagnosedAt} becomes {@code now}, and the claim is freed if {@code
   * eventId} holds it — one that another event took over after a timeout stays with that event.
   */
  public void record(Verdict v, String eventId, Instant now) {
    Finding f = finding;
    finding =
        new Finding(
            f.fingerprint(),
            v.status(),
            v.failureKind(),
            v.rootCause(),
            v.summary(),
            f.cluster(),
            f.clusterProject(),
            f.clusterLocation(),
            f.clusterName(),
            f.nodePool(),
            v.nodeServiceAccount(),
            f.repository(),
            f.repositoryProject(),
            f.repositoryLocation(),
            f.repositoryName(),
            v.image(),
            f.occurrences(),
            f.firstSeen(),
            f.lastSeen(),
            now,
            f.pods(),
            f.namespaces(),
            v.evidence(),
            v.advice(),
            v.remediation(),
            f.occurrencesByHour());
    release(eventId);
  }

  /** Frees the claim if {@code eventId} holds it; true when it did. */
  public boolean release(String eventId) {
    if (claim != null && claim.eventId().equals(eventId)) {
      claim = null;
      return true;
    }
    return false;
  }

  /** Moves the pod and its namespace to the newest end of their lists, dropping the oldest. */
  private void listPod(PullFailure failure) {
    finding =
        finding.withPods(
            newestLast(finding.pods(), failure.namespace() + "/" + failure.pod()),
            newestLast(finding.namespaces(), failure.namespace()));
  }

  /** The hours of {@code byHour} still inside the last {@link #HOURS_KEPT} hours at {@code now}. */
  static SortedMap<String, Long> hoursKept(SortedMap<String, Long> byHour, Instant now) {
    // Hour keys sort as their hours do, so the kept ones are a tail of the map.
    return new TreeMap<>(byHour.tailMap(HOUR.format(oldestHourKept(now))));
  }

  private static Instant oldestHourKept(Instant now) {
    return now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS_KEPT - 1));
  }

  /** When the event happened: kubelet's time, or its arrival when the exporter left that out. */
  private static Instant seenAt(PullFailure failure, Instant now) {
    return failure.timestamp() != null ? failure.timestamp() : now;
  }

  private static List<String> newestLast(List<String> list, String item) {
    List<String> out = new ArrayList<>(list);
    out.remove(item);
    out.add(item);
    return List.copyOf(out.subList(Math.max(0, out.size() - Finding.MAX_PODS), out.size()));
  }
}
