package dev.pulldoctor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One document's writes from one instance: batched, spaced by the interval, each answered. */
class WriteLanesTest {
  private static final Duration INTERVAL = Duration.ofMillis(150);

  /** When each write started and ended, and what each batch held. */
  private final List<Long> flushedAt = Collections.synchronizedList(new ArrayList<>());

  private final List<Long> endedAt = Collections.synchronizedList(new ArrayList<>());

  private final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());

  private List<String> flush(String document, List<Integer> batch) {
    flushedAt.add(System.nanoTime());
    batches.add(batch);
    sleep(20); // a commit takes a while; requests arrive meanwhile
    endedAt.add(System.nanoTime());
    return batch.stream().map(i -> document + ":" + i).toList();
  }

  /** Which writes (by their index in flushedAt) were writes of their own. */
  private final List<Integer> verdictAt = Collections.synchronizedList(new ArrayList<>());

  /** A write of its own, such as a recorded verdict, timed like a flush. */
  private String verdict(String document) {
    synchronized (flushedAt) {
      verdictAt.add(flushedAt.size());
      flushedAt.add(System.nanoTime());
    }
    sleep(20);
    endedAt.add(System.nanoTime());
    return document + ":verdict";
  }

  /** Every batch began at least the interval after the write before it returned. */
  private void assertBatchesSpacedFromTheEndOfTheLastWrite() {
    for (int i = 1; i < flushedAt.size(); i++) {
      if (!verdictAt.contains(i)) {
        assertThat(flushedAt.get(i) - endedAt.get(i - 1))
            .as("gap before write %d", i)
            .isGreaterThanOrEqualTo(INTERVAL.toNanos());
      }
    }
  }

  /** No more than WINDOW writes ended within any WINDOW intervals. */
  private void assertWithinTheWindow() {
    long window = WriteLanes.WINDOW * INTERVAL.toNanos();
    List<Long> ends = new ArrayList<>(endedAt);
    for (int i = WriteLanes.WINDOW; i < ends.size(); i++) {
      assertThat(ends.get(i) - ends.get(i - WriteLanes.WINDOW))
          .as("writes %d to %d", i - WriteLanes.WINDOW, i)
          .isGreaterThanOrEqualTo(window);
    }
  }

  @Test
  void aBurstOnOneDocument_isWrittenInBatches_atMostOncePerInterval_eachRequestAnswered()
      throws Exception {
    WriteLanes<Integer, String> lanes =
        new WriteLanes<>(this::flush, INTERVAL, WriteLanes.Ticker.SYSTEM);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<String>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        int n = i;
        answers.add(pool.submit(() -> lanes.write("doc", n)));
        if (i % 20 == 0) {
          sleep(30);
        }
      }
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get()).isEqualTo("doc:" + i);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(200);
    assertThat(batches.size()).as("batches").isLessThan(200 / 4);
    assertBatchesSpacedFromTheEndOfTheLastWrite();
    assertWithinTheWindow();
  }

  @Test
  void aWriteOfItsOwn_goesAtOnce_evenRightAfterABatch_andTheNextBatchIsSpacedFromIt() {
    WriteLanes<Integer, String> lanes =
        new WriteLanes<>(this::flush, Duration.ofSeconds(30), WriteLanes.Ticker.SYSTEM);
    long started = System.nanoTime();

    assertThat(lanes.write("doc", 1)).isEqualTo("doc:1");
    assertThat(lanes.alone("doc", () -> verdict("doc"))).isEqualTo("doc:verdict");

    // A batch would have waited 30 s; the verdict did not (a recorded finding is a short burst).
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void writesOfTheirOwnAndBatches_togetherStayWithinTheWindow() throws Exception {
    WriteLanes<Integer, String> lanes =
        new WriteLanes<>(this::flush, INTERVAL, WriteLanes.Ticker.SYSTEM);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<String>> answers = new ArrayList<>();
    List<Future<String>> verdicts = new ArrayList<>();
    try {
      for (int i = 0; i < 60; i++) {
        int n = i;
        answers.add(pool.submit(() -> lanes.write("doc", n)));
        if (i % 5 == 2) {
          verdicts.add(pool.submit(() -> lanes.alone("doc", () -> verdict("doc"))));
        }
        sleep(5);
      }
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get()).isEqualTo("doc:" + i);
      }
      for (Future<String> v : verdicts) {
        assertThat(v.get()).isEqualTo("doc:verdict");
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(60);
    assertThat(flushedAt).hasSize(batches.size() + 12);
    assertBatchesSpacedFromTheEndOfTheLastWrite();
    assertWithinTheWindow();
  }

  @Test
  void aRunOfWritesOfTheirOwn_isABurstOfTheWindow_thenWaitsForIt() {
    WriteLanes<Integer, String> lanes =
        new WriteLanes<>(this::flush, INTERVAL, WriteLanes.Ticker.SYSTEM);
    long started = System.nanoTime();

    for (int i = 0; i < WriteLanes.WINDOW + 2; i++) {
      assertThat(lanes.alone("doc", () -> verdict("doc"))).isEqualTo("doc:verdict");
    }

    assertWithinTheWindow();
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(INTERVAL.multipliedBy(WriteLanes.WINDOW));
  }

  @Test
  void aFailedWriteOfItsOwn_failsOnlyItsCaller() {
    WriteLanes<Integer, String> lanes =
        new WriteLanes<>(this::flush, Duration.ZERO, WriteLanes.Ticker.SYSTEM);

    assertThatThrownBy(
            () ->
                lanes.alone(
                    "doc",
                    () -> {
                      throw new IllegalStateException("ABORTED");
                    }))
        .hasMessage("ABORTED");
    assertThat(lanes.write("doc", 1)).isEqualTo("doc:1");
  }

  @Test
  void theFirstWriteOfAnIdleDocument_goesAtOnce_andDocumentsDoNotWaitForEachOther() {
    WriteLanes<Integer, String> lanes =
        new WriteLanes<>(this::flush, Duration.ofSeconds(30), WriteLanes.Ticker.SYSTEM);
    long started = System.nanoTime();

    assertThat(lanes.write("a", 1)).isEqualTo("a:1");
    assertThat(lanes.write("b", 2)).isEqualTo("b:2");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aFailedFlush_failsEveryRequestOfItsBatch_andTheNextBatchStillRuns() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch othersQueued = new CountDownLatch(1);
    List<Integer> secondBatch = Collections.synchronizedList(new ArrayList<>());
    WriteLanes<Integer, String> lanes =
        new WriteLanes<>(
            (document, batch) -> {
              if (batch.contains(0)) {
                firstStarted.countDown();
                await(othersQueued);
                throw new IllegalStateException("UNAVAILABLE");
              }
              secondBatch.addAll(batch);
              return batch.stream().map(i -> "ok:" + i).toList();
            },
            Duration.ZERO,
            WriteLanes.Ticker.SYSTEM);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<String> first = pool.submit(() -> lanes.write("doc", 0));
      firstStarted.await();
      List<Future<String>> later = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        int n = i;
        later.add(pool.submit(() -> lanes.write("doc", n)));
      }
      sleep(100);
      othersQueued.countDown();

      assertThatThrownBy(first::get).hasRootCauseMessage("UNAVAILABLE");
      for (Future<String> f : later) {
        assertThat(f.get()).startsWith("ok:");
      }
      assertThat(secondBatch).containsExactlyInAnyOrder(1, 2, 3);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
