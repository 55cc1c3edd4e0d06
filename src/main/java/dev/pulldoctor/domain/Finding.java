package dev.pulldoctor.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One incident as stored in Firestore ({@code pullFindings/{fingerprint}}) and shown by the
 * dashboard and {@code findings}: flat fields to filter and sort on, and the typed evidence, advice
 * and remediation. Its JSON form ({@link JsonForm}) is the one every reader and writer shares: the
 * component names here are the field names.
 *
 * @param status OPEN when absent
 * @param failureKind UNKNOWN when absent
 * @param cluster {@code PROJECT/LOCATION/NAME}, the field the dashboard filters on
 * @param repository {@code PROJECT/LOCATION/NAME}
 * @param rootCause null until the first diagnosis is written
 * @param pods {@code NAMESPACE/POD}, newest last, at most {@link #MAX_PODS}
 * @param evidence null until the first diagnosis is written
 * @param advice null until the first diagnosis is written
 * @param remediation null when remediation is off or has not run
 * @param occurrencesByHour occurrences per UTC hour ({@code 2026-12-01T21}) of the last {@link
 *     Incident#HOURS_KEPT} hours, oldest first
 */
public record Finding(
    String fingerprint,
    FindingStatus status,
    FailureKind failureKind,
    RootCause rootCause,
    String summary,
    String cluster,
    String clusterProject,
    String clusterLocation,
    String clusterName,
    String nodePool,
    String nodeServiceAccount,
    String repository,
    String repositoryProject,
    String repositoryLocation,
    String repositoryName,
    String image,
    long occurrences,
    Instant firstSeen,
    Instant lastSeen,
    Instant lastDiagnosedAt,
    List<String> pods,
    List<String> namespaces,
    FindingEvidence evidence,
    FindingAdvice advice,
    FindingRemediation remediation,
    SortedMap<String, Long> occurrencesByHour) {

  /** Pods and namespaces kept per incident; the dashboard needs examples, not all of them. */
  public static final int MAX_PODS = 20;

  public Finding {
    if (fingerprint == null || fingerprint.isBlank()) {
      throw new IllegalArgumentException("fingerprint is required");
    }
    status = status == null ? FindingStatus.OPEN : status;
    failureKind = failureKind == null ? FailureKind.UNKNOWN : failureKind;
    pods = pods == null ? List.of() : List.copyOf(pods);
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    occurrencesByHour =
        Collections.unmodifiableSortedMap(
            occurrencesByHour == null ? new TreeMap<>() : new TreeMap<>(occurrencesByHour));
  }

  /** The same finding with other sightings: its count, first and last time seen, hourly counts. */
  public Finding withSightings(
      long occurrences,
      Instant firstSeen,
      Instant lastSeen,
      SortedMap<String, Long> occurrencesByHour) {
    return new Finding(
        fingerprint,
        status,
        failureKind,
        rootCause,
        summary,
        cluster,
        clusterProject,
        clusterLocation,
        clusterName,
        nodePool,
        nodeServiceAccount,
        repository,
        repositoryProject,
        repositoryLocation,
        repositoryName,
        image,
        occurrences,
        firstSeen,
        lastSeen,
        lastDiagnosedAt,
        pods,
        namespaces,
        evidence,
        advice,
        remediation,
        occurrencesByHour);
  }

  /** The same finding with other lists of pods and namespaces. */
  public Finding withPods(List<String> pods, List<String> namespaces) {
    return new Finding(
        fingerprint,
        status,
        failureKind,
        rootCause,
        summary,
        cluster,
        clusterProject,
        clusterLocation,
        clusterName,
        nodePool,
        nodeServiceAccount,
        repository,
        repositoryProject,
        repositoryLocation,
        repositoryName,
        image,
        occurrences,
        firstSeen,
        lastSeen,
        lastDiagnosedAt,
        pods,
        namespaces,
        evidence,
        advice,
        remediation,
        occurrencesByHour);
  }

  /** The row of a list of findings: the flat fields, without evidence, advice and remediation. */
  public Row row() {
    return new Row(
        fingerprint,
        status,
        rootCause,
        failureKind,
        summary,
        cluster,
        clusterProject,
        nodePool,
        nodeServiceAccount,
        repository,
        image,
        occurrences,
        firstSeen,
        lastSeen,
        advice == null ? List.of() : advice.commands(),
        remediation);
  }

  /**
   * A finding as a list shows it: the dashboard's table and {@code findings --format json}.
   *
   * @param fix the advice's commands
   */
  public record Row(
      String fingerprint,
      FindingStatus status,
      RootCause rootCause,
      FailureKind failureKind,
      String summary,
      String cluster,
      String clusterProject,
      String nodePool,
      String nodeServiceAccount,
      String repository,
      String image,
      long occurrences,
      Instant firstSeen,
      Instant lastSeen,
      List<String> fix,
      FindingRemediation remediation) {}

  /** The finding as the alerting log line carries it: what the log-based metric reads. */
  public LogLine logLine() {
    return new LogLine(
        rootCause,
        failureKind,
        cluster,
        nodePool,
        repository,
        status,
        fingerprint,
        nodeServiceAccount,
        occurrences);
  }

  /** The fields of the alerting log line, in its order. */
  public record LogLine(
      RootCause rootCause,
      FailureKind failureKind,
      String cluster,
      String nodePool,
      String repository,
      FindingStatus status,
      String fingerprint,
      String nodeServiceAccount,
      long occurrences) {}
}
