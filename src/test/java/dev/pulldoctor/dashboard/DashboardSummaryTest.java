package dev.pulldoctor.dashboard;

import static dev.pulldoctor.dashboard.TestFindings.finding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.RootCause;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How the summary shares a finding's occurrences out over the chart's hours. */
class DashboardSummaryTest {
  static final Instant START = Instant.parse("2026-11-19T15:00:00Z");
  static final String PROD = "acme-prod-417/us-central1/prod";

  private static Finding seen(Instant first, Instant last, long occurrences) {
    return seen(first, last, occurrences, new TreeMap<>());
  }

  private static Finding seen(
      Instant first, Instant last, long occurrences, SortedMap<String, Long> byHour) {
    return finding("x", FindingStatus.OPEN, RootCause.DENY_POLICY, PROD, last, occurrences)
        .withSightings(occurrences, first, last, byHour);
  }

  private static Finding counted(SortedMap<String, Long> byHour) {
    return seen(START, START.plusSeconds(5 * 3600), 99, byHour);
  }

  @Test
  void count_usesTheIncidentsRealHourlyCounts_notTheEvenSpread() {
    double[] hours = new double[Summary.HOURS];

    boolean counted =
        Summary.count(
            counted(
                new TreeMap<>(
                    Map.of("2026-11-19T15", 2L, "2026-11-19T18", 5L, "2026-11-17T03", 40L))),
            START,
            hours);

    assertThat(counted).isTrue();
    assertThat(hours[0]).isEqualTo(2);
    assertThat(hours[3]).isEqualTo(5);
    assertThat(Arrays.stream(hours).sum()).as("an hour before the chart is left out").isEqualTo(7);
  }

  @Test
  void count_leavesAnIncidentWithoutHourlyCounts_toTheEstimate() {
    double[] hours = new double[Summary.HOURS];

    assertThat(Summary.count(counted(new TreeMap<>()), START, hours)).isFalse();
    assertThat(Arrays.stream(hours).sum()).isZero();
  }

  @Test
  void spread_putsAllOccurrencesInTheHourOfASingleSighting() {
    double[] hours = new double[Summary.HOURS];
    Instant t = START.plusSeconds(5 * 3600 + 120);

    Summary.spread(seen(t, t, 7), START, hours);

    assertThat(hours[5]).isEqualTo(7.0);
    assertThat(Arrays.stream(hours).sum()).isEqualTo(7.0);
  }

  @Test
  void spread_sharesOccurrencesEvenlyBetweenFirstAndLastSeen() {
    double[] hours = new double[Summary.HOURS];

    Summary.spread(seen(START.plusSeconds(2 * 3600), START.plusSeconds(6 * 3600), 8), START, hours);

    assertThat(hours)
        .containsExactly(0, 0, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void spread_countsOnlyTheShareInsideTheDay() {
    double[] hours = new double[Summary.HOURS];

    Summary.spread(seen(START.minusSeconds(3600), START.plusSeconds(3600), 10), START, hours);

    assertThat(hours[0]).isEqualTo(5.0);
    assertThat(Arrays.stream(hours).sum()).isEqualTo(5.0);
  }

  @Test
  void spread_ignoresIncidentsNotCountedYet_andOnesSeenBeforeTheDay() {
    double[] hours = new double[Summary.HOURS];

    Summary.spread(seen(START, START, 0), START, hours);
    Summary.spread(seen(START.minusSeconds(7200), START.minusSeconds(3600), 9), START, hours);

    assertThat(Arrays.stream(hours).sum()).isZero();
  }

  @Test
  void apportion_keepsTheRoundedTotal() {
    double[] hours = new double[Summary.HOURS];
    hours[0] = 1.4;
    hours[1] = 1.4;
    hours[2] = 1.2;
    hours[3] = 0.5;
    hours[4] = 0.5;

    long[] whole = Summary.apportion(hours);

    assertThat(Arrays.stream(whole).sum()).isEqualTo(5);
    assertThat(whole).startsWith(1, 1, 1);
    assertThat(whole[3] + whole[4]).isEqualTo(2);
  }
}
