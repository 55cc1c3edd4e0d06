package dev.pulldoctor.intake;

import dev.pulldoctor.domain.PullFailure;

/** The outcome of decoding one delivered event: a pull failure, or the reason it is not one. */
public sealed interface Decoded {

  /** The event id, or the best stand-in for it, so a warning can name the event. */
  String eventId();

  /** A pull failure to work on. */
  record Failure(PullFailure failure) implements Decoded {
    @Override
    public String eventId() {
      return failure.eventId();
    }
  }

  /** Not a pull failure, or not readable: acknowledged with a warning, never retried. */
  record Rejected(String eventId, String reason) implements Decoded {}
}
