package dev.pulldoctor.audit;

import java.util.List;

/**
 * The audit's result: one row per node pool and repository, in table order, and how much was looked
 * at.
 *
 * @param method the access-check method asked for ({@code auto}, {@code impersonate} …)
 * @param accessChecks distinct (account, repository) questions asked: pools sharing an account
 *     share its answers
 */
public record AuditReport(
    String method,
    List<AuditRow> rows,
    int clusters,
    int nodePools,
    int serviceAccounts,
    int repositories,
    int accessChecks) {

  public AuditReport {
    rows = rows.stream().sorted(AuditRow.ORDER).toList();
  }

  /** The rows whose pool cannot pull from the repository. */
  public List<AuditRow> failing() {
    return rows.stream().filter(r -> !r.canPull()).toList();
  }

  /** True when every pool can pull from every repository. */
  public boolean allCanPull() {
    return rows.stream().allMatch(AuditRow::canPull);
  }
}
