package dev.pulldoctor.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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

  /** The time in nanoseconds, so that tests can see the lane's clock. */
  interface Ticker {
    long nanos();

    Ticker SYSTEM = System::nanoTime;
  }

  /** The writes a lane may make in any window of this many intervals. */
  static final int WINDOW = 10;

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
   * Runs {@code write} of {@code document} on its own, as soon as what is being written now
   * returned (and the lane's window allows), before any batch that waits; answers what it returned.
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
      if (request.alone != null) {
        lane.notifyAll(); // a driver waiting out a batch's interval may write this one now
      }
    }
    if (lead) {
      lane.drive(request);
    } else {
      // Woken either with the result, or to drive the lane in turn.
      if (await(request.turn) == Boolean.TRUE) {
        lane.drive(request);
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

    /**
     * When the lane's last {@link #WINDOW} writes returned, oldest first; the last is the latest.
     */
    final ArrayDeque<Long> recent = new ArrayDeque<>();

    Lane(String document) {
      this.document = document;
    }

    /**
     * Writes what waits, each write once it is due, until {@code self} has been written; then hands
     * the lane on to the next waiting request, or leaves it idle.
     */
    void drive(Request self) {
      while (!self.result.isDone()) {
        List<Request> batch;
        synchronized (this) {
          // Until the whole wait has passed (a wait may end early), or a write of its own arrived.
          for (long wait; (wait = untilDue()) > 0; ) {
            try {
              TimeUnit.NANOSECONDS.timedWait(this, wait);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              break;
            }
          }
          batch = next();
        }
        write(batch);
        synchronized (this) {
          recent.addLast(ticker.nanos());
          if (recent.size() > WINDOW) {
            recent.removeFirst();
          }
        }
      }
      synchronized (this) {
        if (waiting.isEmpty()) {
          busy = false;
        } else {
          waiting.get(0).turn.complete(true);
        }
      }
    }

    private void write(List<Request> batch) {
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
    }

    /**
     * Nanoseconds until the next write may start; 0 or less when it may now. A write of its own
     * waits only for the window; a batch also for the interval since the last write.
     */
    private synchronized long untilDue() {
      long now = ticker.nanos();
      long due = now;
      if (recent.size() == WINDOW) {
        due = Math.max(due, recent.peekFirst() + WINDOW * intervalNanos);
      }
      if (!hasAlone() && !recent.isEmpty()) {
        due = Math.max(due, recent.peekLast() + intervalNanos);
      }
      return due - now;
    }

    private boolean hasAlone() {
      return waiting.stream().anyMatch(r -> r.alone != null);
    }

    /**
     * Takes what the next write holds off the queue: the first waiting write of its own if there is
     * one, otherwise every batched request waiting.
     */
    private List<Request> next() {
      for (var it = waiting.iterator(); it.hasNext(); ) {
        Request r = it.next();
        if (r.alone != null) {
          it.remove();
          return List.of(r);
        }
      }
      List<Request> batch = new ArrayList<>(waiting);
      waiting.clear();
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
