package dev.pulldoctor.domain;

/** What admitting one event to its incident decided. */
public enum Admission {
  /** The event was processed before: nothing to do. */
  DUPLICATE,
  /** Counted as an occurrence; a fresh diagnosis exists or another event is making one. */
  COUNTED,
  /**
   * Not counted yet: this event holds the incident's diagnosis claim and must investigate, then
   * record the verdict (which counts the event) or release the claim.
   */
  CLAIMED
}
