package dev.pulldoctor.audit;

import dev.pulldoctor.diagnose.Advice;
import dev.pulldoctor.diagnose.Evidence;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.manifest.Container;
import dev.pulldoctor.manifest.Workload;

/**
 * One container of a workload on one node pool its pods may land on: whether the pool's nodes can
 * pull the container's image, and when not, the root cause and its advice.
 *
 * @param nodePool the pool; null for a skipped image (no pool changes that) or a placement that
 *     matches no pool
 * @param canPull true or false; null when the image is skipped (not Artifact Registry or gcr.io)
 * @param rootCause null when skipped
 * @param advice null when skipped
 * @param evidence null when skipped or decided by the placement alone
 */
public record PreflightRow(
    Workload workload,
    Container container,
    String nodePool,
    Boolean canPull,
    RootCause rootCause,
    Advice advice,
    Evidence evidence) {

  /** Why an image is skipped, as every output says it. */
  public static final String SKIPPED =
      "not served by Artifact Registry or gcr.io: Pull Doctor does not check it";

  public boolean skipped() {
    return canPull == null;
  }

  public boolean failing() {
    return Boolean.FALSE.equals(canPull);
  }

  /** One line for people: the summary of the advice, or why the image is skipped. */
  public String message() {
    return skipped() ? SKIPPED : advice.summary();
  }
}
