package dev.pulldoctor.dashboard;

import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.report.FindingStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The read side of {@link FindingStore} in memory, for the dashboard's tests: equality filters,
 * {@code lastSeen >= seenSince}, newest {@code lastSeen} first (ties by document id, descending, as
 * Firestore orders them), {@code limit}, and a page token that is a cursor on the last row returned
 * — like a Firestore {@code startAfter}, it stays right when documents change between pages. It is
 * filled with {@link #put}; the function writes through its own port.
 */
final class InMemoryFindingStore implements FindingStore {

  private static final Comparator<Finding> NEWEST_FIRST =
      Comparator.comparing(Finding::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(Finding::fingerprint)
          .reversed();

  private final Map<String, Finding> findings = new ConcurrentHashMap<>();
  private final List<FindingQuery> queries = new CopyOnWriteArrayList<>();
  private volatile RuntimeException failure;

  InMemoryFindingStore put(Finding finding) {
    findings.put(finding.fingerprint(), finding);
    return this;
  }

  void remove(String fingerprint) {
    findings.remove(fingerprint);
  }

  InMemoryFindingStore putAll(Collection<Finding> all) {
    all.forEach(this::put);
    return this;
  }

  /** From now on every read throws {@code e}, as an unreachable Firestore would. */
  InMemoryFindingStore failWith(RuntimeException e) {
    failure = e;
    return this;
  }

  /** Every query issued, in order: what the dashboard asked for. */
  List<FindingQuery> queries() {
    return List.copyOf(queries);
  }

  @Override
  public Optional<Finding> get(String fingerprint) {
    if (failure != null) {
      throw failure;
    }
    return Optional.ofNullable(findings.get(fingerprint));
  }

  @Override
  public Page query(FindingQuery q) {
    queries.add(q);
    if (failure != null) {
      throw failure;
    }
    if (q.limit() < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    Finding after = q.pageToken() == null ? null : cursor(q.pageToken());
    List<Finding> matching =
        findings.values().stream()
            .filter(f -> q.status() == null || q.status().equals(name(f.status())))
            .filter(f -> q.rootCause() == null || q.rootCause().equals(name(f.rootCause())))
            .filter(f -> q.cluster() == null || q.cluster().equals(f.cluster()))
            .filter(
                f -> q.clusterProject() == null || q.clusterProject().equals(f.clusterProject()))
            .filter(
                f ->
                    q.seenSince() == null
                        || (f.lastSeen() != null && !f.lastSeen().isBefore(q.seenSince())))
            .filter(f -> after == null || NEWEST_FIRST.compare(f, after) > 0)
            .sorted(NEWEST_FIRST)
            .limit(q.limit() + 1L)
            .toList();
    if (matching.size() <= q.limit()) {
      return new Page(matching, null);
    }
    List<Finding> page = new ArrayList<>(matching.subList(0, q.limit()));
    return new Page(page, token(page.get(page.size() - 1)));
  }

  private static String name(Enum<?> value) {
    return value == null ? null : value.name();
  }

  private static String token(Finding last) {
    String cursor =
        (last.lastSeen() == null ? "" : last.lastSeen().toString()) + "|" + last.fingerprint();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
  }

  /** The row a token points after; only its ordering fields matter. */
  private static Finding cursor(String token) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pageToken is not one this store issued");
    }
    int bar = text.indexOf('|');
    if (bar < 0 || bar == text.length() - 1) {
      throw new IllegalArgumentException("pageToken is not one this store issued");
    }
    Instant lastSeen;
    try {
      lastSeen = bar == 0 ? null : Instant.parse(text.substring(0, bar));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("pageToken is not one this store issued");
    }
    return new Finding(
        text.substring(bar + 1),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0,
        null,
        lastSeen,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
