package dev.pulldoctor.report;

import dev.pulldoctor.remediate.GrantAllowance;
import dev.pulldoctor.report.FirestoreTransactions.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The hourly allowance of grants counted in Firestore, so that every instance of the function
 * spends the same one: one counter document per clock hour, {@code _remediations-<hour>} in the
 * events collection, incremented in a transaction (two instances that take at once conflict, and
 * Firestore makes one retry: https://cloud.google.com/firestore/docs/manage-data/transactions).
 *
 * <p>The document lives beside the processed-event records to share their TTL policy on {@code
 * expireAt} (https://cloud.google.com/firestore/docs/ttl): it expires an hour after its window
 * ends. Its id cannot be an event's: {@link EventRecords#documentId} escapes an event id's leading
 * {@code _} as {@code %5F}. The windows are clock hours, not a sliding hour: one document each, and
 * a count anyone can read.
 */
final class FirestoreGrantAllowance implements GrantAllowance {
  static final String ID_PREFIX = "_remediations-";
  private static final int TRANSACTION_ATTEMPTS = 8;

  private final Supplier<FirestoreRpc> rpc;
  private final FirestoreTransactions transactions;
  private final String collection;
  private final int max;
  private final Clock clock;

  FirestoreGrantAllowance(Supplier<FirestoreRpc> rpc, String collection, int max, Clock clock) {
    this.rpc = rpc;
    this.transactions = new FirestoreTransactions(rpc, TRANSACTION_ATTEMPTS);
    this.collection = collection;
    this.max = max;
    this.clock = clock;
  }

  @Override
  public Take take() {
    Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    String name = rpc.get().target().documentPath(collection, documentId(hour));
    return transactions.run(
        tx -> {
          Snapshot counter = tx.getAll(name).get(0);
          int count = counter.exists() ? count(counter.data().get("count")) : 0;
          if (count >= max) {
            return new Take(false, count, max, hour);
          }
          tx.set(name, counter(count + 1, hour));
          return new Take(true, count + 1, max, hour);
        });
  }

  /** {@code _remediations-2026-12-01T21}: the window's start, to the hour. */
  static String documentId(Instant hour) {
    return ID_PREFIX + hour.toString().substring(0, "2026-12-01T21".length());
  }

  private static Map<String, Object> counter(int count, Instant hour) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("count", (long) count);
    d.put("windowStart", FirestoreValues.timestamp(hour));
    d.put(
        EventRecords.EXPIRE_AT,
        FirestoreValues.timestamp(hour.plus(Duration.ofHours(1)).plus(Duration.ofHours(1))));
    return d;
  }

  private static int count(Object stored) {
    return stored instanceof Number n ? (int) Math.min(n.longValue(), Integer.MAX_VALUE) : 0;
  }
}
