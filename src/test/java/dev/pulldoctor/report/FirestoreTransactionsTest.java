package dev.pulldoctor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.firestore.v1.Document;
import dev.pulldoctor.FirestoreEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The raw transactions' protocol on the emulator: contention, retries, failures. */
class FirestoreTransactionsTest {
  private final FirestoreEmulator emulator = FirestoreEmulator.get();
  private final FirestoreRpc rpc =
      FirestoreRpc.open(
          FirestoreTarget.of(StoreFixtures.CONFIG.firestoreDatabase(), emulator.env()),
          Duration.ofSeconds(10));
  private final String counter = rpc.target().documentPath("transactionTest", "counter");

  @BeforeEach
  void emptyDatabase() {
    emulator.reset();
  }

  /**
   * Two transactions read the same document, then both write it: Firestore aborts one (the emulator
   * after its lock timeout), which runs again on what the other committed, so neither increment is
   * lost.
   */
  @Test
  void run_retriesAnAbortedAttempt_onWhatTheOtherCommitted() throws Exception {
    FirestoreTransactions transactions = new FirestoreTransactions(() -> rpc, 10);
    CyclicBarrier bothRead = new CyclicBarrier(2);
    AtomicInteger attempts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Long>> increments =
          pool.invokeAll(
              List.of(
                  () -> increment(transactions, bothRead, attempts),
                  () -> increment(transactions, bothRead, attempts)));
      for (Future<Long> f : increments) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(count()).isEqualTo(2L);
    // One was aborted at least; under load the emulator may abort both, and again.
    assertThat(attempts.get()).as("attempts of the two transactions").isGreaterThan(2);
  }

  @Test
  void run_givesUp_afterTheLastAttempt_withTheAbortedStatus() throws Exception {
    FirestoreTransactions once = new FirestoreTransactions(() -> rpc, 1);
    CyclicBarrier bothRead = new CyclicBarrier(2);
    AtomicInteger attempts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    int aborted = 0;
    try {
      List<Future<Long>> increments =
          pool.invokeAll(
              List.of(
                  () -> increment(once, bothRead, attempts),
                  () -> increment(once, bothRead, attempts)));
      for (Future<Long> f : increments) {
        try {
          f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          assertThat(e.getCause())
              .isInstanceOfSatisfying(
                  ApiException.class,
                  api -> {
                    assertThat(api.getStatusCode().getCode()).isEqualTo(StatusCode.Code.ABORTED);
                    assertThat(api.isRetryable()).isTrue();
                  });
          aborted++;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    // Under load the emulator may abort both.
    assertThat(aborted).isPositive();
    assertThat(count()).isEqualTo(2L - aborted);
  }

  @Test
  void run_rollsBack_andThrowsWhatTheWorkThrew_withoutRetrying() {
    FirestoreTransactions transactions = new FirestoreTransactions(() -> rpc, 10);
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                transactions.run(
                    tx -> {
                      attempts.incrementAndGet();
                      tx.getAll(counter);
                      throw new IllegalArgumentException("refused");
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refused");
    assertThat(attempts).hasValue(1);
    // The rollback freed the document: a write now commits at once.
    transactions.run(
        tx -> {
          tx.set(counter, Map.of("count", 5L));
          return null;
        });
    assertThat(count()).isEqualTo(5L);
  }

  @Test
  void calls_failWithGaxExceptions_carryingTheGrpcCode() {
    FirestoreRpc unknownDatabase =
        FirestoreRpc.open(
            new FirestoreTarget(emulator.hostPort(), emulator.projectId(), "no/such"),
            Duration.ofSeconds(10));

    assertThatThrownBy(() -> unknownDatabase.beginTransaction(null))
        .isInstanceOfSatisfying(ApiException.class, api -> assertThat(api.isRetryable()).isFalse());
  }

  /** Adds one to the counter; the first attempt of each waits until both have read it. */
  private long increment(
      FirestoreTransactions transactions, CyclicBarrier bothRead, AtomicInteger attempts) {
    return transactions.run(
        tx -> {
          Map<String, Object> data = tx.getAll(counter).get(0).data();
          if (attempts.incrementAndGet() <= 2) {
            await(bothRead);
          }
          long next = (data == null ? 0L : (Long) data.get("count")) + 1;
          tx.set(counter, Map.of("count", next));
          return next;
        });
  }

  private long count() {
    Document doc = rpc.batchGet(null, List.of(counter)).get(counter);
    return doc == null ? 0L : (Long) FirestoreWire.data(doc.getFieldsMap()).get("count");
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
