package dev.pulldoctor;

import dev.pulldoctor.report.StructuredLog;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Builds what the first event needs on background threads while the Functions Framework starts its
 * HTTP server. A cold start is mostly class loading — the Firestore client, the gRPC transport, the
 * API stubs and the function's own classes — which would otherwise happen one after another on the
 * framework's thread before it listens, or once the event has arrived (docs/benchmark.md). Nothing
 * here calls an API; the event waits only for what it uses and is not ready yet.
 */
final class WarmUp {
  private WarmUp() {}

  /**
   * A handler that {@code build}s the real one on a background thread at once and hands each event
   * to it, waiting for the build if need be. A build that failed fails every event with its reason
   * (each is then redelivered), and is logged once.
   */
  static PullFailureHandler building(Supplier<PullFailureHandler> build, StructuredLog log) {
    CompletableFuture<PullFailureHandler> built = new CompletableFuture<>();
    start(
        "handler",
        () -> {
          try {
            built.complete(build.get());
          } catch (RuntimeException | Error e) {
            log.error("pull-doctor could not start: " + e, Map.of());
            built.completeExceptionally(e);
          }
        });
    return failure -> {
      PullFailureHandler handler;
      try {
        handler = built.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
      handler.handle(failure);
    };
  }

  /** Runs each named step on its own daemon thread; a failure is logged and left for the event. */
  static void open(Map<String, Runnable> steps, StructuredLog log) {
    steps.forEach(
        (name, step) ->
            start(
                name,
                () -> {
                  try {
                    step.run();
                  } catch (RuntimeException e) {
                    log.warning(
                        "pull-doctor could not open " + name + " ahead of the first event: " + e,
                        Map.of("step", name));
                  }
                }));
  }

  private static void start(String name, Runnable work) {
    Thread thread = new Thread(work, "pull-doctor-warm-up-" + name);
    thread.setDaemon(true);
    thread.start();
  }
}
