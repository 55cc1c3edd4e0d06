package dev.pulldoctor.bench;

import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the function's calls of its {@link IncidentRepository} that returned normally, by method
 * and admission, for the benchmark's log. Several calls of {@code admit} can share one commit (the
 * store batches them); {@link DocumentWrites} counts what reached Firestore.
 */
final class CountingFindingStore implements IncidentRepository {
  private final IncidentRepository store;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  CountingFindingStore(IncidentRepository store) {
    this.store = store;
  }

  /** Every count, by method (and admission). */
  Map<String, Long> byKind() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private void count(String kind) {
    counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  @Override
  public Admitted admit(
      IncidentKey key,
      PullFailure failure,
      Instant now,
      Duration diagnosisTtl,
      Duration claimTimeout) {
    Admitted a = store.admit(key, failure, now, diagnosisTtl, claimTimeout);
    count("admit:" + a.admission());
    return a;
  }

  @Override
  public Finding record(IncidentKey key, PullFailure failure, Verdict verdict, Instant now) {
    Finding f = store.record(key, failure, verdict, now);
    count("record");
    return f;
  }

  @Override
  public void release(IncidentKey key, String eventId) {
    store.release(key, eventId);
    count("release");
  }

  @Override
  public boolean countFollowOn(PullFailure failure, Instant now) {
    boolean counted = store.countFollowOn(failure, now);
    count(counted ? "countFollowOn" : "read:countFollowOn-none");
    return counted;
  }

  @Override
  public void open() {
    store.open();
  }
}
