package dev.pulldoctor.bench;

import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.report.FindingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the transactions the function commits through its {@link FindingStore}: each of {@code
 * admit}, {@code record}, {@code release} and {@code countFollowOn} is one read-write transaction,
 * counted when it returns normally (committed). The attempts Firestore retries inside one
 * transaction are not visible here.
 */
final class CountingFindingStore implements FindingStore {
  private final FindingStore store;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  CountingFindingStore(FindingStore store) {
    this.store = store;
  }

  /** Committed transactions that wrote: every one but an admission found to be a duplicate. */
  long writes() {
    return counts.entrySet().stream()
        .filter(e -> !e.getKey().equals("admit:DUPLICATE"))
        .filter(e -> !e.getKey().startsWith("read:"))
        .mapToLong(e -> e.getValue().sum())
        .sum();
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
  public Admission admit(
      IncidentKey key,
      PullFailure failure,
      Instant now,
      Duration diagnosisTtl,
      Duration claimTimeout,
      Duration eventRecordTtl) {
    Admission a = store.admit(key, failure, now, diagnosisTtl, claimTimeout, eventRecordTtl);
    count("admit:" + a);
    return a;
  }

  @Override
  public Recorded record(
      IncidentKey key,
      PullFailure failure,
      Map<String, Object> fields,
      Instant now,
      Duration eventRecordTtl) {
    Recorded r = store.record(key, failure, fields, now, eventRecordTtl);
    count("record");
    return r;
  }

  @Override
  public void release(IncidentKey key, String eventId) {
    store.release(key, eventId);
    count("release");
  }

  @Override
  public boolean countFollowOn(PullFailure failure, Instant now, Duration eventRecordTtl) {
    boolean counted = store.countFollowOn(failure, now, eventRecordTtl);
    count(counted ? "countFollowOn" : "read:countFollowOn-none");
    return counted;
  }

  @Override
  public Optional<String> incidentOfPod(ClusterRef cluster, String namespace, String pod) {
    count("read:incidentOfPod");
    return store.incidentOfPod(cluster, namespace, pod);
  }

  @Override
  public Optional<Finding> get(String fingerprint) {
    count("read:get");
    return store.get(fingerprint);
  }

  @Override
  public Page query(FindingQuery query) {
    count("read:query");
    return store.query(query);
  }
}
