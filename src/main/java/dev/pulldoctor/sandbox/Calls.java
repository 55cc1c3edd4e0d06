package dev.pulldoctor.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How often each method was called, and by whom, since the sandbox started or was {@link #reset}.
 * Methods are keyed {@code Service/Method} with the service's simple name, e.g. {@code
 * ArtifactRegistry/GetRepository}; callers by email. It also keeps when each of the last {@value
 * #TIMELINE} calls arrived, from which the benchmark reads how many calls a diagnosis makes one
 * after another.
 */
public final class Calls {
  /** Arrival times kept: enough for one audit, bounded for a sandbox that runs for days. */
  static final int TIMELINE = 10_000;

  private final Map<String, AtomicInteger> byMethod = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> byMethodAndCaller = new ConcurrentHashMap<>();
  private final Deque<Long> arrivals = new ArrayDeque<>();

  void record(String method, String callerEmail) {
    synchronized (arrivals) {
      if (arrivals.size() == TIMELINE) {
        arrivals.removeFirst();
      }
      arrivals.addLast(System.nanoTime());
    }
    byMethod.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    byMethodAndCaller
        .computeIfAbsent(method + " " + callerEmail, m -> new AtomicInteger())
        .incrementAndGet();
  }

  /** Calls of the method, by anyone. */
  public int count(String method) {
    AtomicInteger n = byMethod.get(method);
    return n == null ? 0 : n.get();
  }

  /** Calls of the method by one caller (an email; a {@code serviceAccount:} prefix is allowed). */
  public int count(String method, String caller) {
    String email = caller.substring(caller.indexOf(':') + 1).toLowerCase(java.util.Locale.ROOT);
    AtomicInteger n = byMethodAndCaller.get(method + " " + email);
    return n == null ? 0 : n.get();
  }

  /** Calls of every method. */
  public int total() {
    return byMethod.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Calls of every method but these. */
  public int totalExcept(String... methods) {
    Set<String> skip = Set.of(methods);
    return byMethod.entrySet().stream()
        .filter(e -> !skip.contains(e.getKey()))
        .mapToInt(e -> e.getValue().get())
        .sum();
  }

  /** Method → calls, sorted by method. */
  public Map<String, Integer> byMethod() {
    Map<String, Integer> out = new TreeMap<>();
    byMethod.forEach((m, n) -> out.put(m, n.get()));
    return out;
  }

  /**
   * When the calls arrived, in {@link System#nanoTime} and in order: the last {@value #TIMELINE}
   * since the last {@link #reset}.
   */
  public List<Long> arrivalNanos() {
    synchronized (arrivals) {
      return new ArrayList<>(arrivals);
    }
  }

  /** Forgets every call. */
  public void reset() {
    synchronized (arrivals) {
      arrivals.clear();
    }
    byMethod.clear();
    byMethodAndCaller.clear();
  }
}
