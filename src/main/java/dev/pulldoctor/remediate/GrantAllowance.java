package dev.pulldoctor.remediate;

import java.time.Instant;

/**
 * The hourly allowance of grants (REMEDIATION_MAX_PER_HOUR), shared by every instance of the
 * function: Cloud Functions runs up to {@code maxInstances} of them, and a cap each counted alone
 * would allow that many times the cap. Owned here; Firestore implements it in {@code report/}.
 */
public interface GrantAllowance {

  /** Takes one grant of the current hour's allowance, or says that it is spent. */
  Take take();

  /**
   * The answer of one {@link #take()}.
   *
   * @param taken whether a grant was taken (false: the allowance is spent)
   * @param count grants counted in the window, this one included when taken
   * @param max the allowance of the window
   * @param windowStart the start of the window counted
   */
  record Take(boolean taken, int count, int max, Instant windowStart) {
    public Take {
      if (count < 0 || max < 0) {
        throw new IllegalArgumentException("count and max are never negative");
      }
    }

    /** Why a grant was refused, as a sentence for the finding. */
    public String refusal() {
      return "REMEDIATION_MAX_PER_HOUR reached: "
          + count
          + " of "
          + max
          + " grants made since "
          + windowStart
          + ", across all instances.";
    }
  }
}
