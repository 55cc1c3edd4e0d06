package dev.pulldoctor.cli;

import dev.pulldoctor.audit.PreflightReport;
import dev.pulldoctor.audit.PreflightRow;
import dev.pulldoctor.diagnose.DiagnosisView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pre-flight's report in each {@code --format}: a table for people, JSON for machines, GitHub
 * Actions workflow commands for a pull request's diff, JUnit XML for any CI's test view. Field
 * names and the annotation shape are a contract.
 */
final class PreflightOutput {
  static final List<String> HEADER =
      List.of("WORKLOAD", "CONTAINER", "IMAGE", "NODE POOL", "CAN PULL", "ROOT CAUSE");

  /** What a manifest read from stdin is called. */
  static final String STDIN = "<stdin>";

  private PreflightOutput() {}

  // --- table ---------------------------------------------------------------------------------

  static String table(PreflightReport report) {
    List<List<String>> lines = new ArrayList<>();
    lines.add(HEADER);
    for (PreflightRow r : report.rows()) {
      lines.add(
          List.of(
              r.workload().id(),
              r.container().name(),
              r.container().image(),
              r.nodePool() == null ? "-" : r.nodePool(),
              canPull(r),
              r.failing() ? r.rootCause().name() : ""));
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

  private static String canPull(PreflightRow r) {
    return r.skipped() ? "skipped" : r.canPull() ? "yes" : "no";
  }

  static String verdict(PreflightReport r) {
    int rows = r.rows().size();
    int failing = r.failing().size();
    String scope =
        String.format(
            "%d workload%s on cluster %s; %d skipped; %d access check%s%s",
            r.workloads(),
            r.workloads() == 1 ? "" : "s",
            r.cluster(),
            r.skipped(),
            r.accessChecks(),
            r.accessChecks() == 1 ? "" : "s",
            r.ignored().isEmpty() ? "" : "; " + r.ignored().size() + " other objects ignored");
    if (rows == 0) {
      return "No containers to check (" + scope + ").";
    }
    return failing == 0
        ? String.format("All %d containers × node pools can pull (%s).", rows, scope)
        : String.format("%d of %d containers × node pools cannot pull (%s).", failing, rows, scope);
  }

  // --- json ----------------------------------------------------------------------------------

  static Map<String, Object> json(PreflightReport report) {
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("workloads", report.workloads());
    totals.put("containers", report.rows().size());
    totals.put("canPull", report.rows().size() - report.failing().size() - report.skipped());
    totals.put("cannotPull", report.failing().size());
    totals.put("skipped", report.skipped());
    totals.put("accessChecks", report.accessChecks());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cluster", report.cluster().toString());
    out.put("method", report.method());
    out.put("totals", totals);
    out.put("containers", report.rows().stream().map(PreflightOutput::container).toList());
    out.put(
        "ignored",
        report.ignored().stream()
            .map(
                i -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("kind", i.kind());
                  m.put("name", i.name());
                  m.put("file", i.file());
                  m.put("line", i.line());
                  return m;
                })
            .toList());
    return out;
  }

  private static Map<String, Object> container(PreflightRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workload", r.workload().id());
    m.put("container", r.container().name());
    m.put("containerType", r.container().role().name());
    m.put("image", r.container().image());
    m.put("nodePool", r.nodePool());
    m.put("canPull", r.canPull());
    m.put("rootCause", r.failing() ? r.rootCause().name() : null);
    m.put("summary", r.failing() || r.skipped() ? r.message() : null);
    m.put("advice", r.failing() ? DiagnosisView.advice(r.advice()) : null);
    m.put(
        "evidence",
        r.failing() && r.evidence() != null ? DiagnosisView.evidence(r.evidence()) : null);
    m.put("file", r.container().file());
    m.put("line", r.container().line());
    return m;
  }

  // --- github --------------------------------------------------------------------------------

  /**
   * One workflow command per row that fails ({@code ::error}) or is skipped ({@code ::notice}), at
   * the container's image line, then the verdict
   * (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands).
   */
  static String github(PreflightReport report) {
    StringBuilder out = new StringBuilder();
    for (PreflightRow r : report.rows()) {
      if (!r.failing() && !r.skipped()) {
        continue;
      }
      String title =
          r.skipped()
              ? "skipped: " + r.container().image()
              : r.rootCause().name()
                  + ": "
                  + r.workload().id()
                  + " container "
                  + r.container().name()
                  + (r.nodePool() == null ? "" : " on node pool " + r.nodePool());
      String message =
          r.skipped()
              ? r.message()
              : r.message()
                  + (r.advice().commands().isEmpty()
                      ? ""
                      : "\nFix: " + String.join("\n", r.advice().commands()));
      out.append(r.skipped() ? "::notice " : "::error ");
      List<String> properties = new ArrayList<>();
      if (!STDIN.equals(r.container().file())) {
        properties.add("file=" + property(r.container().file()));
        properties.add("line=" + r.container().line());
      }
      properties.add("title=" + property(title));
      out.append(String.join(",", properties)).append("::").append(data(message)).append('\n');
    }
    out.append(verdict(report)).append('\n');
    return out.toString();
  }

  /** A workflow command's message: %, CR and LF escaped, as the runner's toolkit does. */
  static String data(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** A workflow command's property value: also : and , escaped. */
  static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }

  // --- junit ---------------------------------------------------------------------------------

  /**
   * JUnit XML: one test suite per workload, one test case per row, a {@code <failure>} for a row
   * that cannot pull and {@code <skipped/>} for an image Pull Doctor does not check.
   */
  static String junit(PreflightReport report) {
    Map<String, List<PreflightRow>> byWorkload = new LinkedHashMap<>();
    report
        .rows()
        .forEach(r -> byWorkload.computeIfAbsent(r.workload().id(), k -> new ArrayList<>()).add(r));
    StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.append(
        String.format(
            "<testsuites name=\"pull-doctor audit %s\" tests=\"%d\" failures=\"%d\""
                + " skipped=\"%d\">%n",
            xml(report.cluster().toString()),
            report.rows().size(),
            report.failing().size(),
            report.skipped()));
    for (Map.Entry<String, List<PreflightRow>> suite : byWorkload.entrySet()) {
      List<PreflightRow> rows = suite.getValue();
      out.append(
          String.format(
              "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" skipped=\"%d\">%n",
              xml(suite.getKey()),
              rows.size(),
              rows.stream().filter(PreflightRow::failing).count(),
              rows.stream().filter(PreflightRow::skipped).count()));
      for (PreflightRow r : rows) {
        String name =
            r.container().name()
                + " ("
                + r.container().image()
                + ")"
                + (r.nodePool() == null ? "" : " on node pool " + r.nodePool());
        out.append(
            String.format(
                "    <testcase classname=\"%s\" name=\"%s\" file=\"%s\" line=\"%d\"",
                xml(suite.getKey()), xml(name), xml(r.container().file()), r.container().line()));
        if (r.failing()) {
          out.append(">\n")
              .append(
                  String.format(
                      "      <failure type=\"%s\" message=\"%s\">%s</failure>%n",
                      r.rootCause().name(),
                      xml(r.message()),
                      xml(String.join("\n", r.advice().commands()))))
              .append("    </testcase>\n");
        } else if (r.skipped()) {
          out.append(">\n")
              .append(String.format("      <skipped message=\"%s\"/>%n", xml(r.message())))
              .append("    </testcase>\n");
        } else {
          out.append("/>\n");
        }
      }
      out.append("  </testsuite>\n");
    }
    return out.append("</testsuites>\n").toString();
  }

  private static String xml(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\n' -> b.append("&#10;");
        default -> {
          // XML 1.0 has no way to write other control characters.
          if (c >= 0x20 || c == '\t') {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
