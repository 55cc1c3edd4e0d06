package dev.pulldoctor.report;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.Write;
import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Read-write transactions over {@link FirestoreRpc}, as the high-level client's {@code
 * runTransaction} runs them: begin, read the documents in the transaction, commit whole-document
 * writes. When Firestore aborts an attempt because another transaction touched the same documents,
 * the work runs again from the start, after a jittered back-off, up to a number of attempts
 * (https://cloud.google.com/firestore/docs/manage-data/transactions). Any other failure rolls the
 * attempt back and is thrown.
 */
final class FirestoreTransactions {
  /**
   * The first back-off, well above one transaction's own length: two contenders that retried sooner
   * would start in step with each other again and collide again. On the emulator, where a collision
   * costs its 2 s lock timeout, 10 ms made FirestoreConcurrencyTest five times slower.
   */
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  /** The work of one attempt: reads through {@code tx}, buffers writes in it, answers a result. */
  @FunctionalInterface
  interface Work<T> {
    T run(Transaction tx);
  }

  /** A document as one attempt read it: {@code data} is null when it does not exist. */
  record Snapshot(String id, Map<String, Object> data) {
    boolean exists() {
      return data != null;
    }
  }

  private final Supplier<FirestoreRpc> rpc;
  private final int attempts;

  FirestoreTransactions(Supplier<FirestoreRpc> rpc, int attempts) {
    this.rpc = rpc;
    this.attempts = attempts;
  }

  /**
   * Runs {@code work} in a transaction until it commits, retrying aborted attempts.
   *
   * @throws ApiException when Firestore fails otherwise, or still aborts on the last attempt
   */
  <T> T run(Work<T> work) {
    FirestoreRpc calls = rpc.get();
    ByteString aborted = null;
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      Transaction tx = new Transaction(calls, calls.beginTransaction(aborted));
      try {
        T result = work.run(tx);
        calls.commit(tx.id, tx.writes);
        return result;
      } catch (RuntimeException e) {
        rollback(calls, tx.id, e);
        if (!aborted(e) || attempt >= attempts) {
          throw e;
        }
      }
      aborted = tx.id;
      sleep(backoff);
      backoff =
          backoff.compareTo(MAX_BACKOFF.dividedBy(2)) < 0 ? backoff.multipliedBy(2) : MAX_BACKOFF;
    }
  }

  /** One attempt: its reads, and the writes it commits. */
  static final class Transaction {
    private final FirestoreRpc calls;
    private final ByteString id;
    private final List<Write> writes = new ArrayList<>();

    private Transaction(FirestoreRpc calls, ByteString id) {
      this.calls = calls;
      this.id = id;
    }

    /** The documents of {@code names}, in that order, read in this transaction. */
    List<Snapshot> getAll(String... names) {
      Map<String, Document> found = calls.batchGet(id, List.of(names));
      List<Snapshot> out = new ArrayList<>(names.length);
      for (String name : names) {
        Document doc = found.get(name);
        out.add(
            new Snapshot(
                FirestoreTarget.documentId(name),
                doc == null ? null : FirestoreWire.data(doc.getFieldsMap())));
      }
      return out;
    }

    /** Replaces document {@code name} with {@code data} on commit, creating it if need be. */
    void set(String name, Map<String, Object> data) {
      writes.add(
          Write.newBuilder()
              .setUpdate(
                  Document.newBuilder().setName(name).putAllFields(FirestoreWire.fields(data)))
              .build());
    }
  }

  /**
   * Rolls an attempt back so that it releases its locks at once, not at their timeout; a failure
   * here changes nothing for the caller, so it is only kept with the one being thrown.
   */
  private static void rollback(FirestoreRpc calls, ByteString id, RuntimeException cause) {
    try {
      calls.rollback(id);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static boolean aborted(RuntimeException e) {
    return e instanceof ApiException api
        && api.getStatusCode().getCode() == StatusCode.Code.ABORTED;
  }

  /** Waits a random part of {@code backoff}, so that contenders that collided spread out. */
  private static void sleep(Duration backoff) {
    long max = backoff.toMillis();
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(max + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted between Firestore transaction attempts", e);
    }
  }
}
