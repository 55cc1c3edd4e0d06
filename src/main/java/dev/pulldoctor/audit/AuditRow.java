package dev.pulldoctor.audit;

import dev.pulldoctor.diagnose.Advice;
import dev.pulldoctor.diagnose.Evidence;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import java.util.Comparator;

/**
 * One node pool against one repository: whether the pool's nodes can pull from it, and when not,
 * the root cause the decision rules prove from the pair's evidence, with its advice.
 *
 * @param serviceAccount the pool's account; null when it could not be told
 */
public record AuditRow(
    ClusterRef cluster,
    String nodePool,
    String serviceAccount,
    RepositoryRef repository,
    RootCause rootCause,
    Evidence evidence,
    Advice advice) {

  /** By cluster, node pool, then repository: the order of the table. */
  public static final Comparator<AuditRow> ORDER =
      Comparator.comparing((AuditRow r) -> r.cluster().toString())
          .thenComparing(AuditRow::nodePool)
          .thenComparing(r -> r.repository().toString());

  /**
   * True when IAM lets the pool's account pull and nothing else stands in the way: the rules'
   * ACCESS_NOW_GRANTED, which for an audit means "can pull".
   */
  public boolean canPull() {
    return rootCause == RootCause.ACCESS_NOW_GRANTED;
  }
}
