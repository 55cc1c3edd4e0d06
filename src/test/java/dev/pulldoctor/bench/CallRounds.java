package dev.pulldoctor.bench;

import java.time.Duration;
import java.util.List;

/**
 * How many calls a piece of work makes one after another, read off when the sandbox received them
 * while it answered every call {@code delay} late: a call can have waited for another only if it
 * arrived at least {@code delay} after that one did. The longest such chain is the number of
 * sequential rounds, and {@code rounds × delay} the least wall time the work can take at that
 * latency; calls made together (concurrently) fall into one round.
 */
final class CallRounds {
  private CallRounds() {}

  /** The longest chain among calls that arrived at {@code arrivalNanos} (in order). */
  static int of(List<Long> arrivalNanos, Duration delay) {
    long d = delay.toNanos();
    int n = arrivalNanos.size();
    int[] round = new int[n];
    int best = 0;
    // round[i] = 1 + the round of the last call answered before call i arrived; rounds never
    // decrease along arrivals, so that last call is the only one to look at.
    int answered = -1;
    for (int i = 0; i < n; i++) {
      long at = arrivalNanos.get(i);
      while (answered + 1 < i && arrivalNanos.get(answered + 1) + d <= at) {
        answered++;
      }
      round[i] = 1 + (answered < 0 ? 0 : round[answered]);
      best = Math.max(best, round[i]);
    }
    return best;
  }
}
