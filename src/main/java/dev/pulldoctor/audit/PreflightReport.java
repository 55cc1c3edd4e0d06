package dev.pulldoctor.audit;

import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.manifest.ManifestReader.Ignored;
import java.util.List;

/**
 * The pre-flight's result: one row per (workload, container, node pool), in manifest order, and the
 * objects that run no pods.
 *
 * @param accessChecks distinct (account, repository) questions asked
 */
public record PreflightReport(
    ClusterRef cluster,
    String method,
    int workloads,
    List<PreflightRow> rows,
    List<Ignored> ignored,
    int accessChecks) {

  public PreflightReport {
    rows = List.copyOf(rows);
    ignored = List.copyOf(ignored);
  }

  public List<PreflightRow> failing() {
    return rows.stream().filter(PreflightRow::failing).toList();
  }

  public long skipped() {
    return rows.stream().filter(PreflightRow::skipped).count();
  }

  /** True when no row cannot pull: skipped images do not fail the pre-flight. */
  public boolean allCanPull() {
    return failing().isEmpty();
  }
}
