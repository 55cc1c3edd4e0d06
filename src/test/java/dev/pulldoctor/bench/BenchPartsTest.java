package dev.pulldoctor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.Fixtures;
import dev.pulldoctor.sandbox.World;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The pure parts of the benchmark: statistics, output, targets and generated worlds. */
class BenchPartsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Figures figures = new Figures(new PrintStream(out, true, StandardCharsets.UTF_8));

  @Test
  void median_ofOddAndEvenCounts() {
    assertThat(Stats.median(3, 1, 2)).isEqualTo(2);
    assertThat(Stats.median(4, 1, 3, 2)).isEqualTo(2.5);
  }

  @Test
  void percentile_isNearestRank_alwaysAMeasuredValue() {
    double[] hundred = new double[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = 100 - i;
    }
    assertThat(Stats.percentile(hundred, 50)).isEqualTo(50);
    assertThat(Stats.percentile(hundred, 99)).isEqualTo(99);
    assertThat(Stats.percentile(new double[] {7, 1}, 99)).isEqualTo(7);
    assertThatThrownBy(() -> Stats.percentile(hundred, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void figures_printOneNameValueLineEach() {
    figures.put("cold_start_ms", 1234);
    figures.put("cold_start_ratio", 1.005, 2);
    figures.verdict("targets_met", false);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("cold_start_ms 1234\ncold_start_ratio 1.01\ntargets_met false\n");
    assertThatThrownBy(() -> figures.put("cold_start_ms", 1))
        .hasMessageContaining("measured twice");
    assertThatThrownBy(() -> figures.put("Cold start", 1)).hasMessageContaining("not a figure");
  }

  @Test
  void targets_areMet_whenEveryFigureIsWithinItsBound() {
    putAll(1.8, 50, 50, 480, 2068, 999);
    putStorm(2, 10_100, 100, 10_000, 1.9, 300);

    assertThat(Targets.check(figures)).allMatch(Targets.Check::met);
  }

  @Test
  void targets_fail_onEachBoundAndOnAMissingFigure() {
    putAll(2.3, 50, 51, 501, 2091, 1000);
    putStorm(1, 10_100, 100, 10_001, 1.1, 301);

    assertThat(Targets.check(figures))
        .extracting(Targets.Check::met)
        .containsExactly(false, false, false, true, false, false, false, false, false, false);
    assertThat(Targets.allMet(Targets.check(new Figures(new PrintStream(out))))).isFalse();
  }

  @Test
  void targets_countARedeliveredEventOnce() {
    putStorm(3, 10_000, 0, 10_000, 2.0, 120);
    assertThat(Targets.check(figures))
        .filteredOn(c -> c.goal().startsWith("storm_occurrences"))
        .singleElement()
        .matches(Targets.Check::met);
  }

  private void putStorm(
      long instances,
      long events,
      long redeliveries,
      long occurrences,
      double maxDocWritesPerS,
      long diagnosisMs) {
    figures.put("storm_instances", instances);
    figures.put("storm_events", events);
    figures.put("storm_redeliveries", redeliveries);
    figures.put("storm_occurrences", occurrences);
    figures.put("storm_max_doc_writes_per_s", maxDocWritesPerS, 1);
    figures.put("diagnosis_ms_at_50ms_rpc", diagnosisMs);
  }

  /** Calls 50 ms apart or more follow each other; calls made together are one round. */
  @Test
  void callRounds_countTheLongestChainOfCallsEachAfterTheLastAnswered() {
    java.time.Duration d = java.time.Duration.ofMillis(50);
    long ms = 1_000_000;
    assertThat(CallRounds.of(java.util.List.of(), d)).isZero();
    assertThat(CallRounds.of(java.util.List.of(0L, 2 * ms, 3 * ms), d)).isEqualTo(1);
    assertThat(CallRounds.of(java.util.List.of(0L, 51 * ms, 52 * ms, 103 * ms), d)).isEqualTo(3);
    // A call 40 ms after the round's first but 55 ms after nothing answered: still round one.
    assertThat(CallRounds.of(java.util.List.of(0L, 40 * ms, 55 * ms, 95 * ms), d)).isEqualTo(2);
  }

  @Test
  void documentWrites_areCountedPerDocument_overAnyWindow() {
    long[] now = {0};
    DocumentWrites writes = new DocumentWrites(() -> now[0]);
    long s = 1_000_000_000L;
    for (long t : new long[] {0, s / 2, s, 2 * s, 9 * s, 10 * s, 11 * s}) {
      now[0] = t;
      writes.committed(java.util.List.of("pullFindings/a", "pullEvents/e" + t));
    }
    now[0] = 0;
    writes.committed(java.util.List.of("pullFindings/b"));
    writes.called("Commit");
    writes.called("BatchGetDocuments");

    // [0, 10 s) holds five writes of a; [0, 1 s) two, and so does [0.5 s, 1.5 s).
    assertThat(writes.maxWritesIn(java.time.Duration.ofSeconds(10))).isEqualTo(5);
    assertThat(writes.maxWritesIn(java.time.Duration.ofSeconds(1))).isEqualTo(2);
    assertThat(writes.totalCalls()).isEqualTo(2);
  }

  /** Targets' figures; the audit has 40 accounts, 2,000 checks and 50 repositories: bound 2,090. */
  private void putAll(
      double ratio,
      long incidents,
      long investigations,
      long stormRpcs,
      long auditRpcs,
      long dashboardMs) {
    figures.put("cold_start_ratio", ratio, 2);
    figures.put("storm_incidents", incidents);
    figures.put("storm_investigations", investigations);
    figures.put("storm_rpcs", stormRpcs);
    figures.put("storm_peak_heap_mb", 120.5, 1);
    figures.put("audit_accounts", 40);
    figures.put("audit_access_checks", 2_000);
    figures.put("audit_repositories", 50);
    figures.put("audit_rpcs", auditRpcs);
    figures.put("dashboard_first_page_ms", dashboardMs);
  }

  @Test
  void stormWorld_isTheSeedWorld_withFiftyCopiesOfItsRepository() {
    World world = World.parse(BenchWorlds.storm(Fixtures.text("corpus/seed-world.json"), 50));

    var repositories = world.project(BenchWorlds.SEED_PROJECT).orElseThrow().repositories();
    assertThat(repositories).hasSize(50).containsKey("us-central1/repo-49");
  }

  @Test
  void auditFleet_hasFiveThousandPairs_overFortyAccounts_andParses() {
    BenchWorlds.Fleet fleet = new BenchWorlds.Fleet(20, 5, 50, 40);

    assertThat(fleet.pairs()).isEqualTo(5_000);
    assertThat(fleet.nodeAccounts()).hasSize(40);
    assertThat(fleet.repositoryNames()).hasSize(50).doesNotHaveDuplicates();
    World world = World.parse(fleet.json());
    assertThat(world.project(BenchWorlds.Fleet.PROJECT).orElseThrow().clusters()).hasSize(20);
  }

  @Test
  void options_needFiveRunsAtLeast_andKnownSections() {
    assertThat(Bench.Options.parse("--only", "cold,audit").sections())
        .containsExactly("cold", "audit");
    assertThatThrownBy(() -> Bench.Options.parse("--runs", "3")).hasMessageContaining("at least 5");
    assertThatThrownBy(() -> Bench.Options.parse("--only", "speed")).hasMessageContaining("--only");
    assertThat(Bench.Options.parse().sections()).containsExactlyElementsOf(Bench.SECTIONS);
  }

  @Test
  void coldStarts_runOnTheWholeMachine_andOnTheDeployedVcpus_unlessToldOtherwise() {
    // function.yaml: cpu: "1"; this machine has more (CI's has 2).
    if (Runtime.getRuntime().availableProcessors() > 1) {
      assertThat(Bench.Options.parse().cpuSizes()).containsExactly(0, 1);
    }
    assertThat(Bench.Options.parse("--cpus", "0").cpuSizes()).containsExactly(0);
    assertThat(Bench.Options.parse("--cpus", "1").cpuSizes()).containsExactly(1);
    assertThatThrownBy(() -> Bench.Options.parse("--cpus", "999"))
        .hasMessageContaining("--cpus must be between 0");
  }
}
