package dev.pulldoctor;

import dev.pulldoctor.report.StructuredLog;
import java.util.Map;

/**
 * Opens what the first event needs on background threads while the Functions Framework starts its
 * HTTP server. A cold start is mostly class loading: the Firestore client, the gRPC transport and
 * the API clients load thousands of classes, which otherwise happens one client after another once
 * the event has arrived (docs/benchmark.md). Nothing here calls an API, and nothing waits for it:
 * the event's first use of a client waits for that client alone.
 */
final class WarmUp {
  private WarmUp() {}

  /** Runs each named step on its own daemon thread; a failure is logged and left for the event. */
  static void start(Map<String, Runnable> steps, StructuredLog log) {
    steps.forEach(
        (name, step) -> {
          Thread thread =
              new Thread(
                  () -> {
                    try {
                      step.run();
                    } catch (RuntimeException e) {
                      log.warning(
                          "pull-doctor could not open " + name + " ahead of the first event: " + e,
                          Map.of("step", name));
                    }
                  },
                  "pull-doctor-warm-up-" + name);
          thread.setDaemon(true);
          thread.start();
        });
  }
}
