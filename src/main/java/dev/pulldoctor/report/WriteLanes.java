package dev.pulldoctor.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Batches the writes to one document per instance, so that the document takes at most one write per
 * {@code interval} from this instance however many requests arrive for it: Firestore sustains about
 * one write a second on a single document, and past it come contention and errors
 * (https://firebase.google.com/docs/firestore/best-practices#high_read_write_and_delete_rates_to_a_narrow_document_range,
 * https://firebase.google.com/docs/firestore/understand-reads-writes-scale).
 *
 * <p>A request joins its document's lane and waits. The first request of an idle lane flushes at
 * once; while a flush runs, or within {@code interval} of the last one, the requests that arrive
 * gather, and one of them flushes them all together when the interval is over. Each request gets
 * its own result (or the flush's failure) only after the flush returned, so a caller that answers
 * its event then answers it once its write is durable. No thread of its own: the flush runs on the
 * thread of one of the waiting requests, which hands the lane on to the next waiting one.
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
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
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
    Lane lane = lanes.computeIfAbsent(document, Lane::new);
    Request request = new Request(input);
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
    final I input;
    final CompletableFuture<O> result = new CompletableFuture<>();

    /** Completed with true when this request is to flush next, with false once it was flushed. */
    final CompletableFuture<Boolean> turn = new CompletableFuture<>();

    Request(I input) {
      this.input = input;
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
      long wait;
      synchronized (this) {
        wait = flushedBefore ? lastFlush + intervalNanos - ticker.nanos() : 0;
      }
      if (wait > 0) {
        try {
          ticker.sleepNanos(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      List<Request> batch;
      synchronized (this) {
        batch = new ArrayList<>(waiting);
        waiting.clear();
        lastFlush = ticker.nanos();
        flushedBefore = true;
      }
      try {
        List<O> results = flush.flush(document, batch.stream().map(r -> r.input).toList());
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).result.complete(results.get(i));
        }
      } catch (RuntimeException | Error e) {
        batch.forEach(r -> r.result.completeExceptionally(e));
      }
      batch.forEach(r -> r.turn.complete(false));
      synchronized (this) {
        if (waiting.isEmpty()) {
          busy = false;
        } else {
          waiting.get(0).turn.complete(true);
        }
      }
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
