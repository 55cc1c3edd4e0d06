package dev.pulldoctor.dashboard;

import dev.pulldoctor.domain.Durations;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.report.FindingStore.FindingQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The query parameters of {@code /api/incidents}, checked against the queries Firestore can answer.
 *
 * <p>Every query is equality filters ordered by {@code lastSeen} descending, which needs a
 * composite index per set of equality fields (terraform/firestore-indexes.json). {@link #ALLOWED}
 * is the dashboard's list of those sets, held to the index file by a test: the emulator does not
 * enforce indexes, so a combination missing here would only fail in production.
 */
record IncidentFilter(
    String status,
    String rootCause,
    String cluster,
    String clusterProject,
    Instant seenSince,
    int limit,
    String pageToken) {

  /** The value of {@code status} that lifts the status filter. */
  static final String ANY_STATUS = "ANY";

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  /**
   * The sets of equality fields (Firestore field names) the dashboard may query, each with {@code
   * orderBy lastSeen desc} and an optional {@code lastSeen >=} range, which the same index serves.
   * The empty set orders the whole collection by {@code lastSeen}: Firestore's automatic
   * single-field index answers it, no composite index is needed.
   */
  static final List<List<String>> ALLOWED = dev.pulldoctor.report.FindingStore.FILTER_SETS;

  /** The field every dashboard query orders by, newest first. */
  static final String ORDER_BY = "lastSeen";

  /** Parses the request's parameters; {@link IllegalArgumentException} names what is wrong. */
  static IncidentFilter parse(Map<String, String> params, Instant now) {
    String status = text(params, "status");
    if (status == null) {
      status = FindingStatus.OPEN.name();
    } else if (status.equalsIgnoreCase(ANY_STATUS)) {
      status = null;
    } else {
      status = enumName(FindingStatus.class, "status", status);
    }
    String rootCause = text(params, "rootCause");
    if (rootCause != null) {
      rootCause = enumName(RootCause.class, "rootCause", rootCause);
    }
    IncidentFilter filter =
        new IncidentFilter(
            status,
            rootCause,
            text(params, "cluster"),
            text(params, "project"),
            since(text(params, "since"), now),
            limit(text(params, "limit")),
            text(params, "pageToken"));
    if (!ALLOWED.contains(filter.equalities())) {
      throw new IllegalArgumentException(
          "no index serves the filter "
              + parameterNames(filter.equalities())
              + "; allowed: "
              + allowedDescription());
    }
    return filter;
  }

  /** The Firestore fields this filter tests for equality, in {@link #ALLOWED}'s order. */
  List<String> equalities() {
    List<String> fields = new ArrayList<>();
    if (status != null) {
      fields.add("status");
    }
    if (rootCause != null) {
      fields.add("rootCause");
    }
    if (cluster != null) {
      fields.add("cluster");
    }
    if (clusterProject != null) {
      fields.add("clusterProject");
    }
    return fields;
  }

  FindingQuery toQuery() {
    return new FindingQuery(
        status, rootCause, cluster, clusterProject, seenSince, limit, pageToken);
  }

  /** The allowed combinations in the API's parameter names, for error messages. */
  static String allowedDescription() {
    return ALLOWED.stream().map(IncidentFilter::parameterNames).collect(Collectors.joining(", "))
        + " (each with optional since, limit, pageToken; status=ANY drops the status filter)";
  }

  private static String parameterNames(List<String> fields) {
    if (fields.isEmpty()) {
      return "status=ANY alone";
    }
    return fields.stream()
        .map(f -> f.equals("clusterProject") ? "project" : f)
        .collect(Collectors.joining("+"));
  }

  private static String text(Map<String, String> params, String name) {
    String value = params.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static <E extends Enum<E>> String enumName(Class<E> type, String param, String value) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant.name();
      }
    }
    throw new IllegalArgumentException(param + " '" + value + "' is not one of " + names(type));
  }

  private static <E extends Enum<E>> String names(Class<E> type) {
    List<String> names = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      names.add(constant.name());
    }
    if (type == FindingStatus.class) {
      names.add(ANY_STATUS);
    }
    return String.join(", ", names);
  }

  /** An ISO-8601 instant, or a duration back from now such as {@code 24h} or {@code 7d}. */
  private static Instant since(String value, Instant now) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException notAnInstant) {
      try {
        return now.minus(Durations.parse(value));
      } catch (RuntimeException notADuration) {
        throw new IllegalArgumentException(
            "since '"
                + value
                + "' is neither an instant (2026-01-31T08:00:00Z) nor a duration"
                + " (90m, 24h, 7d)");
      }
    }
  }

  private static int limit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the range.
    }
    throw new IllegalArgumentException(
        "limit '" + value + "' must be a whole number from 1 to " + MAX_LIMIT);
  }
}
