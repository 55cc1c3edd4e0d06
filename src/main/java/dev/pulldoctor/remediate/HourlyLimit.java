package dev.pulldoctor.remediate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most N grants in any hour (REMEDIATION_MAX_PER_HOUR), per instance: a sliding window, so a
 * burst cannot spend the next hour's allowance. The function runs few instances; the cap bounds
 * each.
 */
public final class HourlyLimit {
  private final int max;
  private final Clock clock;
  private final Deque<Instant> grants = new ArrayDeque<>();

  public HourlyLimit(int max, Clock clock) {
    this.max = max;
    this.clock = clock;
  }

  /** Takes one grant from the allowance; false when the hour's allowance is spent. */
  public synchronized boolean tryAcquire() {
    Instant now = clock.instant();
    while (!grants.isEmpty() && grants.peekFirst().isBefore(now.minus(Duration.ofHours(1)))) {
      grants.removeFirst();
    }
    if (grants.size() >= max) {
      return false;
    }
    grants.addLast(now);
    return true;
  }
}
