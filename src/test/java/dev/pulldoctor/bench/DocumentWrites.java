package dev.pulldoctor.bench;

import dev.pulldoctor.report.FirestoreCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts, at the store, every Firestore call the function's adapter makes and when each document
 * was written: a commit counts once for every document it wrote, at the moment it returned. Shared
 * by every instance of a storm, so that a document's rate is what Firestore would see from all of
 * them together.
 */
final class DocumentWrites implements FirestoreCalls {
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> writes = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  DocumentWrites() {
    this(System::nanoTime);
  }

  DocumentWrites(LongSupplier nanoClock) {
    this.clock = nanoClock;
  }

  @Override
  public void called(String method) {
    calls.computeIfAbsent(method, m -> new LongAdder()).increment();
  }

  @Override
  public void committed(List<String> documents) {
    long now = clock.getAsLong();
    for (String d : documents) {
      writes.computeIfAbsent(d, k -> Collections.synchronizedList(new ArrayList<>())).add(now);
    }
  }

  /** Every call to Firestore, of any method. */
  long totalCalls() {
    return calls.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Calls by Firestore method name ({@code Commit}, {@code BatchGetDocuments}, …). */
  Map<String, Long> callsByMethod() {
    Map<String, Long> out = new java.util.TreeMap<>();
    calls.forEach((m, n) -> out.put(m, n.sum()));
    return out;
  }

  /** The most writes any one document took within any window of {@code window}. */
  int maxWritesIn(Duration window) {
    int best = 0;
    for (List<Long> times : writes.values()) {
      synchronized (times) {
        best = Math.max(best, maxInWindow(times, window.toNanos()));
      }
    }
    return best;
  }

  /**
   * The most of {@code times} (any order; read, not changed) within any span shorter than {@code
   * window}.
   */
  static int maxInWindow(List<Long> times, long window) {
    List<Long> t = new ArrayList<>(times);
    Collections.sort(t);
    int best = 0;
    int from = 0;
    for (int to = 0; to < t.size(); to++) {
      while (t.get(to) - t.get(from) >= window) {
        from++;
      }
      best = Math.max(best, to - from + 1);
    }
    return best;
  }
}
