package dev.pulldoctor.domain;

/** Where an incident stands. */
public enum FindingStatus {
  /** Pods cannot pull; the root cause is named. */
  OPEN,
  /** Pull Doctor applied the grant and verified it. */
  REMEDIATED,
  /** A later diagnosis found that the account can pull now. */
  RESOLVED
}
