package dev.pulldoctor.cli;

import dev.pulldoctor.audit.AuditReport;
import dev.pulldoctor.audit.AuditRow;
import dev.pulldoctor.diagnose.DiagnosisView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The audit report as a table for people and as JSON for machines; field names are a contract. */
final class AuditOutput {
  static final List<String> HEADER =
      List.of("CLUSTER", "NODE POOL", "SERVICE ACCOUNT", "REPOSITORY", "CAN PULL", "ROOT CAUSE");

  private AuditOutput() {}

  /** The table, a one-line verdict, and the next steps for the pairs that cannot pull. */
  static String table(AuditReport report) {
    List<List<String>> lines = new ArrayList<>();
    lines.add(HEADER);
    for (AuditRow r : report.rows()) {
      lines.add(
          List.of(
              r.cluster().toString(),
              r.nodePool(),
              r.serviceAccount() == null ? "?" : r.serviceAccount(),
              r.repository().toString(),
              r.canPull() ? "yes" : "no",
              r.canPull() ? "" : r.rootCause().name()));
    }
    StringBuilder out = new StringBuilder(Columns.format(lines));
    out.append('\n').append(verdict(report)).append('\n');
    Set<String> steps = new LinkedHashSet<>();
    report.failing().forEach(r -> steps.addAll(r.advice().commands()));
    if (!steps.isEmpty()) {
      out.append("\nNext steps:\n");
      steps.forEach(s -> out.append("  ").append(s).append('\n'));
    }
    return out.toString();
  }

  static String verdict(AuditReport r) {
    String scope =
        String.format(
            "%d node pool%s of %d cluster%s, %d service account%s,"
                + " %d repositor%s; %d access check%s",
            r.nodePools(),
            plural(r.nodePools()),
            r.clusters(),
            plural(r.clusters()),
            r.serviceAccounts(),
            plural(r.serviceAccounts()),
            r.repositories(),
            r.repositories() == 1 ? "y" : "ies",
            r.accessChecks(),
            plural(r.accessChecks()));
    int failing = r.failing().size();
    return failing == 0
        ? String.format("All %d pairs can pull (%s).", r.rows().size(), scope)
        : String.format("%d of %d pairs cannot pull (%s).", failing, r.rows().size(), scope);
  }

  /** One object: the method, the totals, and every pair. */
  static Map<String, Object> json(AuditReport report) {
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("clusters", report.clusters());
    totals.put("nodePools", report.nodePools());
    totals.put("serviceAccounts", report.serviceAccounts());
    totals.put("repositories", report.repositories());
    totals.put("pairs", report.rows().size());
    totals.put("accessChecks", report.accessChecks());
    totals.put("canPull", report.rows().size() - report.failing().size());
    totals.put("cannotPull", report.failing().size());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("method", report.method());
    out.put("totals", totals);
    out.put("pairs", report.rows().stream().map(AuditOutput::pair).toList());
    return out;
  }

  private static Map<String, Object> pair(AuditRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cluster", r.cluster().toString());
    m.put("nodePool", r.nodePool());
    m.put("serviceAccount", r.serviceAccount());
    m.put("repository", r.repository().toString());
    m.put("canPull", r.canPull());
    m.put("rootCause", r.canPull() ? null : r.rootCause().name());
    if (r.evidence().access() == null) {
      m.put("access", null);
    } else {
      Map<String, Object> access = new LinkedHashMap<>();
      access.put("method", r.evidence().access().method());
      access.put("answer", r.evidence().access().answer().name());
      access.put("detail", r.evidence().access().detail());
      m.put("access", access);
    }
    m.put("summary", r.canPull() ? null : r.advice().summary());
    m.put("advice", r.canPull() ? null : DiagnosisView.advice(r.advice()));
    m.put("evidence", r.canPull() ? null : DiagnosisView.evidence(r.evidence()));
    return m;
  }

  private static String plural(int n) {
    return n == 1 ? "" : "s";
  }
}
