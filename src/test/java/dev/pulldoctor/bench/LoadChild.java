package dev.pulldoctor.bench;

import dev.pulldoctor.PullDoctorFunction;
import dev.pulldoctor.WiredFunction;
import dev.pulldoctor.report.StructuredLog;
import io.cloudevents.CloudEvent;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The function in a JVM of its own, wired from the environment as on Cloud Run ({@code
 * PULL_DOCTOR_ENDPOINTS}, {@code FIRESTORE_EMULATOR_HOST}, {@code GOOGLE_CLOUD_PROJECT}), its store
 * counted; events go straight to {@code accept}, as the invoker would hand them over. Prints {@code
 * name value} lines on stdout for {@link Bench} to read.
 *
 * <pre>
 * LoadChild warm WARMUP MEASURED CONCURRENCY GAP_MS
 *                                      events of one already-diagnosed incident: WARMUP at once,
 *                                      then MEASURED one at a time, GAP_MS apart
 * LoadChild storm EVENTS INCIDENTS INSTANCES CONCURRENCY
 *                                      a burst over many incidents, on several instances at once
 * </pre>
 */
public final class LoadChild {
  /** Attempts per event: a thrown event is redelivered, as Eventarc does with retries on. */
  private static final int DELIVERIES = 5;

  private LoadChild() {}

  public static void main(String[] args) throws Exception {
    // The structured log is formatted as in production, then dropped: stdout carries the figures.
    StructuredLog log = new StructuredLog(new PrintStream(OutputStream.nullOutputStream()));
    switch (args[0]) {
      case "warm" -> {
        CountingFindingStore[] store = new CountingFindingStore[1];
        PullDoctorFunction function =
            WiredFunction.fromEnvironment(s -> store[0] = new CountingFindingStore(s), log);
        warm(
            function,
            Integer.parseInt(args[1]),
            Integer.parseInt(args[2]),
            Integer.parseInt(args[3]),
            Long.parseLong(args[4]));
        System.err.println("load: store calls " + store[0].byKind());
      }
      case "storm" -> {
        int instances = Integer.parseInt(args[3]);
        DocumentWrites writes = new DocumentWrites();
        List<CountingFindingStore> stores = new ArrayList<>();
        List<PullDoctorFunction> functions = new ArrayList<>();
        for (int k = 0; k < instances; k++) {
          functions.add(
              WiredFunction.fromEnvironment(
                  s -> {
                    CountingFindingStore c = new CountingFindingStore(s);
                    stores.add(c);
                    return c;
                  },
                  writes,
                  log));
        }
        storm(
            functions,
            stores,
            writes,
            Integer.parseInt(args[1]),
            Integer.parseInt(args[2]),
            Integer.parseInt(args[4]));
        stores.forEach(c -> System.err.println("load: store calls " + c.byKind()));
      }
      default -> throw new IllegalArgumentException("warm or storm, not " + args[0]);
    }
    System.out.flush();
    // Client threads (gRPC, Firestore) would keep the JVM alive.
    System.exit(0);
  }

  /**
   * Events of one incident already diagnosed. The unmeasured ones arrive {@code concurrency} at a
   * time, as in a storm, to warm the code; the measured ones one by one, each after the incident's
   * write interval has passed, so that each is written at once: the time of the function's own path
   * (decode, one transaction), not of the wait for a batch, which the storm measures.
   */
  private static void warm(
      PullDoctorFunction function, int warmup, int measured, int concurrency, long gapMs)
      throws Exception {
    String repository = BenchWorlds.stormRepository(0);
    function.accept(BenchEvents.seed("warm-first", repository, "app-0", Instant.now()));
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < warmup; i++) {
        CloudEvent event =
            BenchEvents.seed("warm-w" + i, repository, "app-" + i % 5, Instant.now());
        sent.add(
            pool.submit(
                () -> {
                  function.accept(event);
                  return null;
                }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    double[] micros = new double[measured];
    for (int i = 0; i < measured; i++) {
      Thread.sleep(gapMs);
      CloudEvent event = BenchEvents.seed("warm-m" + i, repository, "app-" + i % 5, Instant.now());
      long start = System.nanoTime();
      function.accept(event);
      micros[i] = (System.nanoTime() - start) / 1_000.0;
    }
    System.out.println("warm_event_us_p50 " + Stats.percentile(micros, 50));
    System.out.println("warm_event_us_p99 " + Stats.percentile(micros, 99));
    System.out.println("warm_events " + measured);
  }

  /**
   * Every this many events, the event is delivered a second time, to the next instance, after its
   * first delivery was acknowledged: Eventarc delivers at least once, and a redelivery may reach
   * any instance.
   */
  static final int REDELIVER_EVERY = 100;

  /**
   * {@code instances} functions, each wired as on Cloud Run with its own clients and store, serve
   * one burst of events together, {@code concurrency} at a time each; one {@link DocumentWrites}
   * hears every instance's Firestore calls.
   */
  private static void storm(
      List<PullDoctorFunction> functions,
      List<CountingFindingStore> stores,
      DocumentWrites writes,
      int events,
      int incidents,
      int concurrency)
      throws Exception {
    HeapSampler heap = HeapSampler.start();
    AtomicInteger next = new AtomicInteger();
    AtomicLong deliveries = new AtomicLong();
    AtomicLong redeliveries = new AtomicLong();
    double[] eventMs = new double[events];
    int instances = functions.size();
    ExecutorService pool = Executors.newFixedThreadPool(instances * concurrency);
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int k = 0; k < instances; k++) {
      PullDoctorFunction function = functions.get(k);
      PullDoctorFunction other = functions.get((k + 1) % instances);
      for (int t = 0; t < concurrency; t++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < events; ) {
                    // Incidents interleave, so the first wave races for every incident's claim.
                    int incident = i % incidents;
                    CloudEvent event =
                        BenchEvents.seed(
                            "storm-" + i,
                            BenchWorlds.stormRepository(incident),
                            "app-" + incident + "-" + (i / incidents) % 5,
                            Instant.now());
                    long began = System.nanoTime();
                    deliver(function, event, deliveries, redeliveries);
                    eventMs[i] = (System.nanoTime() - began) / 1e6;
                    if (i % REDELIVER_EVERY == REDELIVER_EVERY - 1) {
                      redeliveries.incrementAndGet();
                      deliver(other, event, deliveries, redeliveries);
                    }
                  }
                  return null;
                }));
      }
    }
    for (Future<?> w : workers) {
      w.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpuMs = (processCpuNanos() - cpuStart) / 1_000_000;
    pool.shutdown();
    heap.stop();
    System.out.println("storm_events " + deliveries.get());
    System.out.println("storm_unique_events " + events);
    System.out.println("storm_instances " + instances);
    System.out.println("storm_concurrency " + concurrency);
    System.out.println("storm_seconds " + seconds);
    System.out.println("storm_events_per_s " + deliveries.get() / seconds);
    System.out.println("storm_event_ms_p50 " + Stats.percentile(eventMs, 50));
    System.out.println("storm_event_ms_p99 " + Stats.percentile(eventMs, 99));
    System.out.println("storm_cpu_ms " + cpuMs);
    System.out.println("storm_peak_heap_mb " + heap.peakBytes() / (1024.0 * 1024));
    System.out.println(
        "storm_firestore_commits " + writes.callsByMethod().getOrDefault("Commit", 0L));
    System.out.println("storm_firestore_rpcs " + writes.totalCalls());
    System.out.println(
        "storm_max_doc_writes_in_10s " + writes.maxWritesIn(java.time.Duration.ofSeconds(10)));
    System.out.println(
        "storm_max_doc_writes_in_1s " + writes.maxWritesIn(java.time.Duration.ofSeconds(1)));
    System.out.println("storm_redeliveries " + redeliveries.get());
    System.err.printf(
        "load: storm took %.1f s on %d instances x %d; Firestore calls %s; heap pools' own"
            + " peaks add up to %.0f MB%n",
        seconds,
        instances,
        concurrency,
        writes.callsByMethod(),
        HeapSampler.sumOfPoolPeaks() / (1024.0 * 1024));
  }

  /** CPU time of every thread of this process so far. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void deliver(
      PullDoctorFunction function, CloudEvent event, AtomicLong deliveries, AtomicLong again)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        deliveries.incrementAndGet();
        function.accept(event);
        return;
      } catch (Exception e) {
        if (attempt == DELIVERIES) {
          throw e;
        }
        again.incrementAndGet();
        System.err.println("load: redelivering " + event.getId() + " after: " + e);
      }
    }
  }

  /**
   * The largest heap in use at once, sampled from the heap's memory pools every 10 ms (the sum of
   * each pool's own peak would add peaks that never coincided).
   */
  static final class HeapSampler {
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private HeapSampler() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  sample();
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      thread.setDaemon(true);
    }

    static HeapSampler start() {
      HeapSampler s = new HeapSampler();
      s.thread.start();
      return s;
    }

    private void sample() {
      long used = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          used += pool.getUsage().getUsed();
        }
      }
      peak.accumulateAndGet(used, Math::max);
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
      sample();
    }

    long peakBytes() {
      return peak.get();
    }

    static long sumOfPoolPeaks() {
      return ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .mapToLong(p -> p.getPeakUsage().getUsed())
          .sum();
    }
  }
}
