package dev.pulldoctor.report;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Query;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.report.FindingStore.FindingQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every query the Firestore adapter issues, and the index each one needs. Terraform creates the
 * composite indexes listed in {@code terraform/firestore-indexes.json}; {@code
 * FirestoreIndexContractTest} holds that file equal to {@link #compositeIndexes}. Nothing else
 * would catch a missing index: the emulator does not enforce them, and production answers {@code
 * FAILED_PRECONDITION} (https://cloud.google.com/firestore/docs/query-data/indexing).
 *
 * <ul>
 *   <li>{@link #findings}: equality on one of the sets in {@link #FILTERS}, optionally {@code
 *       lastSeen >= seenSince}, ordered by {@code lastSeen} descending. With no equality filter the
 *       automatic single-field index on {@code lastSeen} serves it; every other set needs a
 *       composite index of its fields ascending, then {@code lastSeen} descending. The tie-break on
 *       the document id is the one Firestore appends to every index implicitly.
 *   <li>{@link FirestoreFindingStore#incidentOfPod} (over the gRPC API directly, so it is not
 *       here): {@code podKeys array-contains KEY}, without order: the automatic single-field array
 *       index serves it, no composite index is needed.
 *   <li>Transactions read documents by id only.
 * </ul>
 */
final class FirestoreQueries {
  private FirestoreQueries() {}

  static final String LAST_SEEN = IncidentDocument.LAST_SEEN;

  /** The largest page a query may ask for. */
  static final int MAX_LIMIT = 500;

  /** The sets of equality filters {@link #findings} accepts, each in index order. */
  static final List<List<String>> FILTERS = FindingStore.FILTER_SETS;

  /** One field of a composite index, as {@code terraform/firestore-indexes.json} writes it. */
  record IndexField(String fieldPath, String order) {}

  /** A composite index, as {@code terraform/firestore-indexes.json} writes it. */
  record CompositeIndex(String collection, List<IndexField> fields) {}

  /** The composite indexes {@link #findings} needs on {@code collection}. */
  static List<CompositeIndex> compositeIndexes(String collection) {
    List<CompositeIndex> indexes = new ArrayList<>();
    for (List<String> filters : FILTERS) {
      if (filters.isEmpty()) {
        continue;
      }
      List<IndexField> fields = new ArrayList<>();
      filters.forEach(f -> fields.add(new IndexField(f, "ASCENDING")));
      fields.add(new IndexField(LAST_SEEN, "DESCENDING"));
      indexes.add(new CompositeIndex(collection, List.copyOf(fields)));
    }
    return List.copyOf(indexes);
  }

  /**
   * The page {@code q} asks for, plus one more document to tell whether another page follows.
   *
   * @throws IllegalArgumentException for a filter set outside {@link #FILTERS}, a bad value, limit
   *     or page token
   */
  static Query findings(CollectionReference findings, FindingQuery q) {
    Map<String, String> equal = equalityFilters(q);
    if (!FILTERS.contains(List.copyOf(equal.keySet()))) {
      throw new IllegalArgumentException(
          "no index serves the filters "
              + describe(List.copyOf(equal.keySet()))
              + "; supported: "
              + FILTERS.stream().map(FirestoreQueries::describe).collect(Collectors.joining(", ")));
    }
    if (q.limit() < 1 || q.limit() > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + q.limit());
    }
    Query query = findings;
    for (Map.Entry<String, String> e : equal.entrySet()) {
      query = query.whereEqualTo(e.getKey(), e.getValue());
    }
    if (q.seenSince() != null) {
      query = query.whereGreaterThanOrEqualTo(LAST_SEEN, FirestoreValues.timestamp(q.seenSince()));
    }
    query =
        query
            .orderBy(LAST_SEEN, Query.Direction.DESCENDING)
            .orderBy(FieldPath.documentId(), Query.Direction.DESCENDING);
    if (q.pageToken() != null && !q.pageToken().isBlank()) {
      Cursor after = Cursor.parse(q.pageToken());
      query = query.startAfter(after.lastSeen(), findings.document(after.id()));
    }
    return query.limit(q.limit() + 1);
  }

  /** The token of the page after {@code last}: its {@code lastSeen} and id, opaque to callers. */
  static String pageToken(DocumentSnapshot last) {
    Timestamp seen = last.getTimestamp(LAST_SEEN);
    String text = seen.getSeconds() + ":" + seen.getNanos() + ":" + last.getId();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Where the previous page ended. */
  private record Cursor(Timestamp lastSeen, String id) {
    static Cursor parse(String token) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String[] p = text.split(":", 3);
        if (p.length != 3 || p[2].isEmpty()) {
          throw new IllegalArgumentException("missing parts");
        }
        return new Cursor(
            Timestamp.ofTimeSecondsAndNanos(Long.parseLong(p[0]), Integer.parseInt(p[1])), p[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a page token of this query: " + token, e);
      }
    }
  }

  /** The equality filters of {@code q}, in index order; a blank value means no filter. */
  private static Map<String, String> equalityFilters(FindingQuery q) {
    Map<String, String> equal = new LinkedHashMap<>();
    put(equal, "status", constant(q.status(), FindingStatus.class, "status"));
    put(equal, "rootCause", constant(q.rootCause(), RootCause.class, "rootCause"));
    put(equal, "cluster", q.cluster());
    put(equal, "clusterProject", q.clusterProject());
    return equal;
  }

  private static void put(Map<String, String> equal, String field, String value) {
    if (value != null && !value.isBlank()) {
      equal.put(field, value.strip());
    }
  }

  private static String constant(String value, Class<? extends Enum<?>> type, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String name = value.strip();
    if (Arrays.stream(type.getEnumConstants()).noneMatch(c -> c.name().equals(name))) {
      throw new IllegalArgumentException(
          field
              + " must be one of "
              + Arrays.stream(type.getEnumConstants())
                  .map(Enum::name)
                  .collect(Collectors.joining(", "))
              + ", got "
              + value);
    }
    return name;
  }

  private static String describe(List<String> filters) {
    return filters.isEmpty() ? "(none)" : String.join("+", filters);
  }
}
