package dev.pulldoctor.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the function keeps its incidents, one per {@link IncidentKey}, and the ids of the events it
 * processed, so that a redelivered event is a no-op. Each method changes incidents only through
 * {@link Incident}'s own methods, and returns once the change is durable: the function acknowledges
 * an event only then.
 */
public interface IncidentRepository {

  /**
   * What {@link #admit} decided, and the incident as it was found.
   *
   * @param before null when the event opened the incident, or when it was a duplicate
   */
  record Admitted(Admission admission, Finding before) {}

  /**
   * Admits one event ({@link Incident#admit}), opening the incident when it is new: a processed
   * event is {@link Admission#DUPLICATE}; a counted one is remembered as processed.
   */
  Admitted admit(
      IncidentKey key,
      PullFailure failure,
      Instant now,
      Duration diagnosisTtl,
      Duration claimTimeout);

  /**
   * Records the verdict of the event that held the claim ({@link Incident#record}), counting the
   * event unless it was counted before; answers the finding as it is now.
   */
  Finding record(IncidentKey key, PullFailure failure, Verdict verdict, Instant now);

  /** Frees the claim {@code eventId} holds, after its investigation failed. */
  void release(IncidentKey key, String eventId);

  /**
   * Counts a cause-less follow-on event on the incident that lists its pod, once; false when no
   * incident does.
   */
  boolean countFollowOn(PullFailure failure, Instant now);

  /**
   * Builds the store's client ahead of its first use, without calling it: the function does this
   * while its HTTP server starts. A failure is left for the first real use to report.
   */
  default void open() {}
}
