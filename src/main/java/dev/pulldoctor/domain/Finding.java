package dev.pulldoctor.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One incident as stored in Firestore ({@code pullFindings/{fingerprint}}) and shown by the
 * dashboard: flat fields to filter and sort on, and the evidence, advice and remediation as maps.
 *
 * @param cluster {@code PROJECT/LOCATION/NAME}, the field the dashboard filters on
 * @param repository {@code PROJECT/LOCATION/NAME}
 * @param rootCause null until the first diagnosis is written
 * @param pods {@code NAMESPACE/POD}, newest last, at most {@link #MAX_PODS}
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
    Map<String, Object> evidence,
    Map<String, Object> advice,
    Map<String, Object> remediation) {

  /** Pods and namespaces kept per incident; the dashboard needs examples, not all of them. */
  public static final int MAX_PODS = 20;

  public Finding {
    if (fingerprint == null || fingerprint.isBlank()) {
      throw new IllegalArgumentException("fingerprint is required");
    }
    pods = pods == null ? List.of() : List.copyOf(pods);
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    evidence = evidence == null ? Map.of() : evidence;
    advice = advice == null ? Map.of() : advice;
    remediation = remediation == null ? Map.of() : remediation;
  }
}
