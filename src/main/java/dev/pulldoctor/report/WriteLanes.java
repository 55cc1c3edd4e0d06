package dev.pulldoctor.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Batches the writes to one document per instance, so that the document takes at most one write per
 * {@code interval} from this instance however many requests arrive for it: Firestore sustains about
 * one write a second on a single document, and past it come contention and errors
 * (https://firebase.google.com/docs/firestore/best-practices#high_read_write_and_delete_rates_to_a_narrow_document_range,
 * https://firebase.google.com/docs/firestore/understand-reads-writes-scale).
 *
 * <p>A request joins its document's lane and waits. The first request of an idle lane flushes at
 * once; while a flush runs, or within {@code interval} of the end of the last one, the requests
 * that arrive gather, and one of them flushes them all together when the interval is over. The
 * interval counts from when a write returned, not from when it was sent, so two commits of the
 * document are always at least {@code interval} apart however long each took. A write that cannot
 * be batched (a recorded verdict, a released claim: {@link #alone}) takes the lane's next turn on
 * its own, so it is spaced like the batches rather than added to them. Each request gets its own
 * result (or the write's failure) only after the write returned, so a caller that answers its event
 * then answers it once its write is durable. No thread of its own: the write runs on the thread of
 * one of the waiting requests, which hands the lane on to the next waiting one.
 *
 * @param <I> what a request asks for
 * @param <O> what it gets back
 */
final class WriteLanes<I, O> {

  /** Writes one batch of one document; answers one result per input, in order. */
  @FunctionalInterface
  interface Flush<I, O> {
    List<O> flush(String document, List<I> batch);
  }

  /** The time in nanoseconds and a way to wait, so that tests can run without sleeping. */
  interface Ticker {
    long nanos();

    void sleepNanos(long nanos) throws InterruptedException;

    Ticker SYSTEM =
        new Ticker() {
          @Override
          public long nanos() {
            return System.nanoTime();
          }

          @Override
          public void sleepNanos(long nanos) throws InterruptedException {
            // Rounded up: Thread.sleep(millis, nanos) drops a remainder under half a millisecond.
            Thread.sleep((nanos + 999_999) / 1_000_000);
          }
        };
  }

  private final Flush<I, O> flush;
  private final long intervalNanos;
  private final Ticker ticker;

  /**
   * One lane per document this instance wrote, kept for the instance's life: a lane is a few dozen
   * bytes, and dropping an idle one could let a new one for the same document flush within the
   * interval.
   */
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  WriteLanes(Flush<I, O> flush, java.time.Duration interval, Ticker ticker) {
    this.flush = flush;
    this.intervalNanos = interval.toNanos();
    this.ticker = ticker;
  }

  /**
   * Writes {@code input} to {@code document} with whatever else is waiting for it; answers its
   * result once the write returned.
   *
   * @throws RuntimeException what the flush threw, for every request of its batch
   */
  O write(String document, I input) {
    @SuppressWarnings("unchecked")
    O out = (O) enqueue(document, new Request(input, null));
    return out;
  }

  /**
   * Runs {@code write} of {@code document} on its own, in the lane's next turn: after what is being
   * written now and at least {@code interval} after it; answers what it returned.
   *
   * @throws RuntimeException what {@code write} threw
   */
  <T> T alone(String document, Supplier<T> write) {
    @SuppressWarnings("unchecked")
    T out = (T) enqueue(document, new Request(null, write));
    return out;
  }

  private Object enqueue(String document, Request request) {
    Lane lane = lanes.computeIfAbsent(document, Lane::new);
    boolean lead;
    synchronized (lane) {
      lane.waiting.add(request);
      lead = !lane.busy;
      lane.busy = true;
    }
    if (lead) {
      lane.drive();
    } else {
      // Woken either with the result, or to flush the lane in turn.
      if (await(request.turn) == Boolean.TRUE) {
        lane.drive();
      }
    }
    return await(request.result);
  }

  private final class Request {
    /** What a batched request asks for; null for a write of its own. */
    final I input;

    /** A write of its own; null for a batched request. */
    final Supplier<?> alone;

    final CompletableFuture<Object> result = new CompletableFuture<>();

    /** Completed with true when this request is to flush next, with false once it was flushed. */
    final CompletableFuture<Boolean> turn = new CompletableFuture<>();

    Request(I input, Supplier<?> alone) {
      this.input = input;
      this.alone = alone;
    }
  }

  private final class Lane {
    final String document;
    final List<Request> waiting = new ArrayList<>();
    boolean busy;
    long lastFlush;
    boolean flushedBefore;

    Lane(String document) {
      this.document = document;
    }

    /** Flushes what waits, once the interval since the last flush is over; hands the lane on. */
    void drive() {
      // Until the whole interval has passed: a sleep may end a little early.
      for (long wait; (wait = untilDue()) > 0; ) {
        try {
          ticker.sleepNanos(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      List<Request> batch;
      synchronized (this) {
        batch = next();
      }
      try {
        if (batch.get(0).alone != null) {
          batch.get(0).result.complete(batch.get(0).alone.get());
        } else {
          List<O> results = flush.flush(document, batch.stream().map(r -> r.input).toList());
          for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result.complete(results.get(i));
          }
        }
      } catch (RuntimeException | Error e) {
        batch.forEach(r -> r.result.completeExceptionally(e));
      }
      batch.forEach(r -> r.turn.complete(false));
      synchronized (this) {
        lastFlush = ticker.nanos();
        flushedBefore = true;
        if (waiting.isEmpty()) {
          busy = false;
        } else {
          waiting.get(0).turn.complete(true);
        }
      }
    }

    /** Nanoseconds until the lane may write again; 0 or less when it may now. */
    private synchronized long untilDue() {
      return flushedBefore ? lastFlush + intervalNanos - ticker.nanos() : 0;
    }

    /**
     * Takes what the next write holds off the queue: the first waiting request if it is a write of
     * its own, otherwise every batched request waiting (writes of their own keep their place).
     */
    private List<Request> next() {
      List<Request> batch = new ArrayList<>();
      if (waiting.get(0).alone != null) {
        batch.add(waiting.remove(0));
        return batch;
      }
      for (var it = waiting.iterator(); it.hasNext(); ) {
        Request r = it.next();
        if (r.alone == null) {
          batch.add(r);
          it.remove();
        }
      }
      return batch;
    }
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new CompletionException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a Firestore write", e);
    }
  }
}
