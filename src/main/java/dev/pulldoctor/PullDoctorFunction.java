package dev.pulldoctor;

import com.google.cloud.functions.CloudEventsFunction;
import dev.pulldoctor.intake.Decoded;
import dev.pulldoctor.intake.EventDecoder;
import dev.pulldoctor.report.StructuredLog;
import dev.pulldoctor.setup.Config;
import io.cloudevents.CloudEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Cloud Function (2nd gen): Eventarc delivers each exported Kubernetes image-pull event here.
 *
 * <p>The Functions Framework builds it through the public no-argument constructor, which wires the
 * real adapters once per instance; tests use the other constructor with fakes.
 */
public final class PullDoctorFunction implements CloudEventsFunction {
  private final EventDecoder decoder = new EventDecoder();
  private final PullFailureHandler handler;
  private final StructuredLog log;
  private final Duration maxEventAge;
  private final Clock clock;

  /**
   * Used by the Functions Framework: settings from the environment (a bad one fails here, before
   * the instance serves), real adapters built on a background thread while the framework starts.
   */
  public PullDoctorFunction() {
    this(Config.fromEnvironment(), StructuredLog.stdout());
  }

  private PullDoctorFunction(Config config, StructuredLog log) {
    this(
        WarmUp.building(() -> Wiring.handler(config, log), log),
        log,
        config.maxEventAge(),
        Clock.systemUTC());
  }

  /** Wires the function with the given collaborators. */
  public PullDoctorFunction(
      PullFailureHandler handler, StructuredLog log, Duration maxEventAge, Clock clock) {
    this.handler = handler;
    this.log = log;
    this.maxEventAge = maxEventAge;
    this.clock = clock;
  }

  @Override
  public void accept(CloudEvent event) throws Exception {
    String id = event.getId();
    if (isTooOld(event.getTime() == null ? null : event.getTime().toInstant())) {
      ignore(id, "older than MAX_EVENT_AGE (" + maxEventAge + "); acknowledged without work");
      return;
    }
    byte[] data = event.getData() == null ? null : event.getData().toBytes();
    Decoded decoded = decoder.decodeCloudEvent(id, data);
    if (decoded instanceof Decoded.Rejected rejected) {
      ignore(rejected.eventId(), rejected.reason());
      return;
    }
    handler.handle(((Decoded.Failure) decoded).failure());
  }

  private boolean isTooOld(Instant time) {
    return time != null && time.plus(maxEventAge).isBefore(clock.instant());
  }

  // A poison message must be acknowledged, or Eventarc retries it for days (DESIGN.md §6).
  private void ignore(String eventId, String reason) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("eventId", eventId);
    fields.put("reason", reason);
    log.warning("pull-doctor ignored an event: " + reason, fields);
  }
}
