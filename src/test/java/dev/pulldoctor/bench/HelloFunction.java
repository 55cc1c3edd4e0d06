package dev.pulldoctor.bench;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;

/**
 * The smallest {@link CloudEventsFunction}: the baseline of {@code hello_cold_start_ms}, so that
 * the cold-start ratio measures what Pull Doctor adds to the JVM and the invoker's own start.
 */
public final class HelloFunction implements CloudEventsFunction {
  @Override
  public void accept(CloudEvent event) {
    // Touch the event as any function would, so the invoker's decoding is not the difference.
    if (event.getId() == null) {
      throw new IllegalArgumentException("an event without an id");
    }
  }
}
