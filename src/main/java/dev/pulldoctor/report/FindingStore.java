package dev.pulldoctor.report;

import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.PullFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where incidents live (Firestore collection {@code pullFindings}, one document per incident, and
 * {@code pullEvents/{eventId}} for each processed event). Every write is transactional: a
 * redelivered event is a no-op, and concurrent instances never lose an occurrence.
 */
public interface FindingStore {

  /** What {@link #admit} decided for one event. */
  enum Admission {
    /** The event was processed before: nothing to do. */
    DUPLICATE,
    /** Counted as an occurrence; a fresh diagnosis exists or another instance is making one. */
    COUNTED,
    /**
     * Not counted yet: this caller holds the incident's diagnosis claim and must investigate, then
     * call {@link #record} (which counts the event) or {@link #release}.
     */
    CLAIMED
  }

  /**
   * In one transaction: a processed event is {@link Admission#DUPLICATE}; an incident diagnosed
   * within {@code diagnosisTtl}, or claimed by another event within {@code claimTimeout}, gets the
   * occurrence counted ({@link Admission#COUNTED}: event record, occurrences + 1, lastSeen, pod and
   * namespace lists); otherwise the caller takes the claim ({@link Admission#CLAIMED}), creating
   * the document (status OPEN, occurrences 0) when it is new.
   */
  Admission admit(
      IncidentKey key,
      PullFailure failure,
      Instant now,
      Duration diagnosisTtl,
      Duration claimTimeout,
      Duration eventRecordTtl);

  /**
   * In one transaction: records the event (unless already recorded), counts it, writes the
   * diagnosis {@code fields} (rootCause, failureKind, summary, status, nodeServiceAccount, image,
   * evidence, advice, remediation, …; each replaces the stored field whole, others stay), sets
   * {@code lastDiagnosedAt} and frees the claim if this event holds it. Answers the finding before
   * and after.
   */
  Recorded record(
      IncidentKey key,
      PullFailure failure,
      Map<String, Object> fields,
      Instant now,
      Duration eventRecordTtl);

  /**
   * The finding before and after a {@link #record}. {@code before} is as the transaction found it:
   * null only when no document existed ({@code record} without {@code admit}); its {@code
   * rootCause} is null when the incident was never diagnosed.
   */
  record Recorded(Finding before, Finding after) {}

  /** Frees the claim an investigation held, after it failed; nothing else changes. */
  void release(IncidentKey key, String eventId);

  /** Counts a cause-less follow-on event on the pod's incident, idempotently; false if none. */
  boolean countFollowOn(PullFailure failure, Instant now, Duration eventRecordTtl);

  /** The incident that holds {@code namespace/pod} of {@code cluster}, if any. */
  Optional<String> incidentOfPod(ClusterRef cluster, String namespace, String pod);

  Optional<Finding> get(String fingerprint);

  /**
   * Builds the store's client ahead of its first use, without calling it: the function does this
   * while its HTTP server starts. A failure is left for the first real use to report.
   */
  default void open() {}

  /** Incidents matching {@code query}, newest {@code lastSeen} first, one page. */
  Page query(FindingQuery query);

  /**
   * The sets of equality filters {@link #query} accepts, each ordered by {@code lastSeen}
   * descending: every one has its composite index in {@code terraform/firestore-indexes.json} (the
   * empty set needs none). The dashboard and {@code findings} offer exactly these.
   */
  List<List<String>> FILTER_SETS =
      List.of(
          List.of(),
          List.of("status"),
          List.of("rootCause"),
          List.of("cluster"),
          List.of("clusterProject"),
          List.of("status", "rootCause"),
          List.of("status", "cluster"),
          List.of("status", "clusterProject"));

  /**
   * A filter the dashboard and {@code findings} issue. A null or blank value filters nothing; the
   * combinations with an index are {@link #FILTER_SETS}, and others are refused with an {@link
   * IllegalArgumentException} naming them, as are a limit outside 1 to 500 and a page token of
   * another query.
   */
  record FindingQuery(
      String status,
      String rootCause,
      String cluster,
      String clusterProject,
      Instant seenSince,
      int limit,
      String pageToken) {}

  /** One page of results and the token of the next, null at the end. */
  record Page(List<Finding> findings, String nextPageToken) {}
}
