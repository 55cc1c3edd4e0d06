package dev.pulldoctor.cli;

import dev.pulldoctor.domain.Durations;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.JsonForm;
import dev.pulldoctor.report.FindingStore;
import dev.pulldoctor.report.FindingStore.FindingQuery;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pull-doctor findings}: the incidents in Firestore, newest first — the terminal dashboard.
 */
@Command(
    name = "findings",
    mixinStandardHelpOptions = true,
    description = {
      "Lists incidents from Firestore (collection pullFindings), newest first.",
      "Uses real Firestore with Application Default Credentials, or the emulator when",
      "FIRESTORE_EMULATOR_HOST is set (GOOGLE_CLOUD_PROJECT names the project)."
    },
    footer = {
      "",
      "Examples:",
      "  pull-doctor findings                          # open incidents",
      "  pull-doctor findings --status resolved --since 24h",
      "  pull-doctor findings --cluster acme-prod-417/us-central1/prod --format json",
      "",
      "Exit codes: 0 none listed, 1 incidents listed, 2 bad usage or input."
    })
final class FindingsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      defaultValue = "open",
      description = "open (default), remediated, resolved or all.")
  String status;

  @Option(
      names = "--root-cause",
      paramLabel = "CAUSE",
      description = "e.g. NODE_SA_MISSING_READER.")
  String rootCause;

  @Option(names = "--cluster", paramLabel = "PROJECT/LOCATION/NAME", description = "One cluster.")
  String cluster;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "Last seen within a duration (90m, 24h, 7d) or since an instant (2026-11-20T00:00:00Z).")
  String since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "At most N (default 50).")
  int limit;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table (default) or json.")
  String format;

  @Override
  public Integer call() {
    if (!format.equals("table") && !format.equals("json")) {
      throw new OneLineErrors.BadInput("--format must be table or json");
    }
    if (limit < 1 || limit > 1000) {
      throw new OneLineErrors.BadInput("--limit must be between 1 and 1000");
    }
    FindingStore store = CloudAccess.findingStore();
    FindingQuery query =
        new FindingQuery(status(), rootCause(), clusterFilter(), null, since(), limit, null);
    List<Finding> findings = store.query(query).findings();
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("json")) {
      List<Object> rows = new ArrayList<>();
      findings.forEach(f -> rows.add(row(f)));
      Output.json(out, rows);
    } else {
      table(out, findings);
    }
    return findings.isEmpty() ? PullDoctorCli.OK : PullDoctorCli.FOUND;
  }

  private String status() {
    String s = status.toUpperCase(Locale.ROOT);
    return switch (s) {
      case "ALL" -> null;
      case "OPEN", "REMEDIATED", "RESOLVED" -> s;
      default ->
          throw new OneLineErrors.BadInput(
              "--status must be open, remediated, resolved or all; got '" + status + "'");
    };
  }

  private String rootCause() {
    if (rootCause == null) {
      return null;
    }
    try {
      return dev.pulldoctor.domain.RootCause.valueOf(rootCause.toUpperCase(Locale.ROOT)).name();
    } catch (IllegalArgumentException e) {
      throw new OneLineErrors.BadInput("--root-cause '" + rootCause + "' is not a root cause");
    }
  }

  private String clusterFilter() {
    return cluster == null ? null : dev.pulldoctor.domain.ClusterRef.parse(cluster).toString();
  }

  private Instant since() {
    if (since == null) {
      return null;
    }
    try {
      return Instant.parse(since);
    } catch (DateTimeParseException notAnInstant) {
      try {
        Duration d = Durations.parse(since);
        return Instant.now().minus(d);
      } catch (RuntimeException e) {
        throw new OneLineErrors.BadInput(
            "--since must be a duration (24h) or an instant; got '" + since + "'");
      }
    }
  }

  /** The row of {@code f} in its one JSON form, the dashboard's too. */
  static Object row(Finding f) {
    return JsonForm.json(f.row());
  }

  /** As wide as the longest root cause's name, so that every cause keeps the columns aligned. */
  private static final int CAUSE_WIDTH =
      java.util.Arrays.stream(dev.pulldoctor.domain.RootCause.values())
          .mapToInt(c -> c.name().length())
          .max()
          .orElse(0);

  static void table(PrintWriter out, List<Finding> findings) {
    if (findings.isEmpty()) {
      out.println("No incidents.");
      out.flush();
      return;
    }
    String fmt = "%-10s %-" + CAUSE_WIDTH + "s %-36s %-18s %-40s %6s  %s%n";
    out.printf(
        fmt, "STATUS", "ROOT CAUSE", "CLUSTER", "NODE POOL", "REPOSITORY", "COUNT", "LAST SEEN");
    for (Finding f : findings) {
      out.printf(
          fmt,
          f.status(),
          f.rootCause() == null ? "-" : f.rootCause(),
          f.cluster(),
          f.nodePool(),
          f.repository(),
          f.occurrences(),
          str(f.lastSeen()));
    }
    out.flush();
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }
}
