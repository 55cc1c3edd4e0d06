package dev.pulldoctor.remediate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most N grants in any hour, within one process: a sliding window, so a burst cannot spend the
 * next hour's allowance. The allowance of the CLI (one process, one operator); the function shares
 * its allowance across instances in Firestore instead.
 */
public final class HourlyLimit implements GrantAllowance {
  private final int max;
  private final Clock clock;
  private final Deque<Instant> grants = new ArrayDeque<>();

  public HourlyLimit(int max, Clock clock) {
    this.max = max;
    this.clock = clock;
  }

  /** Takes one grant from the allowance; false when the hour's allowance is spent. */
  public boolean tryAcquire() {
    return take().taken();
  }

  @Override
  public synchronized Take take() {
    Instant now = clock.instant();
    Instant windowStart = now.minus(Duration.ofHours(1));
    while (!grants.isEmpty() && grants.peekFirst().isBefore(windowStart)) {
      grants.removeFirst();
    }
    if (grants.size() >= max) {
      return new Take(false, grants.size(), max, windowStart);
    }
    grants.addLast(now);
    return new Take(true, grants.size(), max, windowStart);
  }
}
