package dev.pulldoctor.bench;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;

/** The goals of issues 10 and 17, checked against the measured figures. */
final class Targets {
  private Targets() {}

  /** One goal: met or not, and what the figures were. A goal whose figures are missing is unmet. */
  record Check(String goal, boolean met, String detail) {}

  static List<Check> check(Figures f) {
    return List.of(
        compare(f, "cold_start_ratio <= 2.0", "cold_start_ratio", r -> r <= 2.0),
        equal(
            f,
            "storm_investigations == storm_incidents",
            "storm_investigations",
            "storm_incidents"),
        bounded(
            f,
            "storm_rpcs <= 10 x storm_incidents",
            "storm_rpcs",
            sum(10, f.get("storm_incidents"))),
        // The storm's figures are printed only when the child JVM finished without an error.
        compare(
            f,
            "no OutOfMemoryError at -Xmx256m (storm finished)",
            "storm_peak_heap_mb",
            mb -> mb < 256),
        bounded(
            f,
            "audit_rpcs <= accounts + (account, repository) pairs + repositories",
            "audit_rpcs",
            sum(
                1,
                f.get("audit_accounts"),
                f.get("audit_access_checks"),
                f.get("audit_repositories"))),
        compare(f, "dashboard_first_page_ms < 1000", "dashboard_first_page_ms", ms -> ms < 1000),
        compare(f, "storm_instances >= 2", "storm_instances", n -> n >= 2),
        // Every event counted once: a redelivery (deliberate, or after a throw) adds nothing.
        equal(
            f,
            "storm_occurrences == storm_events - storm_redeliveries",
            "storm_occurrences",
            difference(f, "storm_events", "storm_redeliveries")),
        bounded(
            f,
            "storm_max_doc_writes_per_s <= storm_instances",
            "storm_max_doc_writes_per_s",
            f.get("storm_instances")),
        compare(f, "diagnosis_ms_at_50ms_rpc <= 300", "diagnosis_ms_at_50ms_rpc", ms -> ms <= 300));
  }

  static boolean allMet(List<Check> checks) {
    return checks.stream().allMatch(Check::met);
  }

  private static Check compare(Figures f, String goal, String name, DoublePredicate ok) {
    OptionalDouble v = f.get(name);
    if (v.isEmpty()) {
      return new Check(goal, false, name + " not measured");
    }
    return new Check(goal, ok.test(v.getAsDouble()), name + " = " + v.getAsDouble());
  }

  private static Check equal(Figures f, String goal, String a, String b) {
    return equal(f, goal, a, f.get(b));
  }

  private static Check equal(Figures f, String goal, String a, OptionalDouble expected) {
    OptionalDouble x = f.get(a);
    if (x.isEmpty() || expected.isEmpty()) {
      return new Check(goal, false, a + " or what it should equal not measured");
    }
    return new Check(
        goal,
        x.getAsDouble() == expected.getAsDouble(),
        a + " = " + x.getAsDouble() + ", expected " + expected.getAsDouble());
  }

  /** {@code a - b}; empty when one is missing. */
  private static OptionalDouble difference(Figures f, String a, String b) {
    OptionalDouble x = f.get(a);
    OptionalDouble y = f.get(b);
    return x.isEmpty() || y.isEmpty()
        ? OptionalDouble.empty()
        : OptionalDouble.of(x.getAsDouble() - y.getAsDouble());
  }

  private static Check bounded(Figures f, String goal, String name, OptionalDouble bound) {
    OptionalDouble v = f.get(name);
    if (v.isEmpty() || bound.isEmpty()) {
      return new Check(goal, false, name + " or its bound not measured");
    }
    return new Check(
        goal,
        v.getAsDouble() <= bound.getAsDouble(),
        name + " = " + v.getAsDouble() + ", bound " + bound.getAsDouble());
  }

  /** {@code factor} times the sum of the terms; empty when one is missing. */
  private static OptionalDouble sum(double factor, OptionalDouble... terms) {
    double total = 0;
    for (OptionalDouble t : terms) {
      if (t.isEmpty()) {
        return OptionalDouble.empty();
      }
      total += t.getAsDouble();
    }
    return OptionalDouble.of(factor * total);
  }
}
