package dev.pulldoctor.report;

import dev.pulldoctor.domain.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the dashboard and {@code findings} read of the incidents (Firestore collection {@code
 * pullFindings}, one document per incident). The function writes them through {@link
 * dev.pulldoctor.domain.IncidentRepository}.
 */
public interface FindingStore {

  Optional<Finding> get(String fingerprint);

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
