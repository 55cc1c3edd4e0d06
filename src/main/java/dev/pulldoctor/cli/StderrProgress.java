package dev.pulldoctor.cli;

import dev.pulldoctor.audit.Auditor;
import java.io.PrintWriter;

/**
 * The audit's progress on stderr, only when there are more pairs than fit a screen: a line when the
 * checks start and one each tenth of the way. Whole lines rather than a rewritten one, so a CI log
 * stays readable.
 */
final class StderrProgress implements Auditor.Progress {
  private final PrintWriter err;
  private final int threshold;
  private boolean shown;
  private int lastTenth;

  StderrProgress(PrintWriter err, int threshold) {
    this.err = err;
    this.threshold = threshold;
  }

  @Override
  public synchronized void started(int pairs, int accessChecks) {
    shown = pairs > threshold;
    if (shown) {
      err.println(
          "audit: checking "
              + pairs
              + " node pool × repository pairs with "
              + accessChecks
              + " access checks");
      err.flush();
    }
  }

  @Override
  public synchronized void checked(int done, int total) {
    if (!shown) {
      return;
    }
    int tenth = done * 10 / total;
    if (tenth > lastTenth) {
      lastTenth = tenth;
      err.println("audit: " + done + "/" + total + " pairs checked");
      err.flush();
    }
  }
}
