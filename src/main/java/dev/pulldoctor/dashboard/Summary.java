package dev.pulldoctor.dashboard;

import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.Incident;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.report.FindingStore;
import dev.pulldoctor.report.FindingStore.FindingQuery;
import dev.pulldoctor.report.FindingStore.Page;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counts of {@code /api/summary}: open incidents by root cause and by cluster, and their
 * occurrences per hour over the last day.
 *
 * <p>Firestore has no group-by, and the port offers no count, so the summary reads the open
 * incidents newest first, at most {@code maxPages} pages of {@link IncidentFilter#MAX_LIMIT}, and
 * says {@code truncated} when more remain, rather than loading a collection of any size. Newest
 * first means the chart is the last part to lose data: {@code chartComplete} says whether it did.
 */
final class Summary {
  static final int HOURS = 24;

  private Summary() {}

  static Map<String, Object> of(FindingStore store, int maxPages, Instant now) {
    Instant chartEnd = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    Instant chartStart = chartEnd.minus(Duration.ofHours(HOURS));
    Map<String, Integer> byRootCause = new HashMap<>();
    Map<String, Integer> byCluster = new HashMap<>();
    double[] occurrences = new double[HOURS];
    int read = 0;
    int estimated = 0;
    String token = null;
    Instant oldestRead = null;
    for (int page = 0; page < maxPages; page++) {
      Page p =
          store.query(
              new FindingQuery(
                  FindingStatus.OPEN.name(),
                  null,
                  null,
                  null,
                  null,
                  IncidentFilter.MAX_LIMIT,
                  token));
      for (Finding f : p.findings()) {
        read++;
        byRootCause.merge(f.rootCause() == null ? null : f.rootCause().name(), 1, Integer::sum);
        byCluster.merge(f.cluster(), 1, Integer::sum);
        if (!count(f, chartStart, occurrences)) {
          spread(f, chartStart, occurrences);
          estimated++;
        }
        oldestRead = f.lastSeen() == null ? oldestRead : f.lastSeen();
      }
      token = p.nextPageToken();
      if (token == null) {
        break;
      }
    }
    boolean truncated = token != null;
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("generatedAt", now);
    summary.put("openRead", read);
    summary.put("truncated", truncated);
    summary.put("maxRead", maxPages * IncidentFilter.MAX_LIMIT);
    summary.put("byRootCause", counts(byRootCause));
    summary.put("byCluster", counts(byCluster));
    summary.put(
        "occurrences",
        chart(
            chartStart,
            occurrences,
            estimated,
            !truncated || (oldestRead != null && oldestRead.isBefore(chartStart))));
    summary.put("rootCauses", Arrays.stream(RootCause.values()).map(Enum::name).toList());
    summary.put("statuses", Arrays.stream(FindingStatus.values()).map(Enum::name).toList());
    return summary;
  }

  /**
   * Adds {@code f}'s real counts per UTC hour ({@link Finding#occurrencesByHour}) to the chart's
   * hours; false when the incident has none to give (a document written before the counts were
   * kept), and then the caller estimates.
   */
  static boolean count(Finding f, Instant chartStart, double[] hours) {
    if (f.occurrencesByHour().isEmpty()) {
      return f.occurrences() <= 0;
    }
    for (int h = 0; h < hours.length; h++) {
      Long n =
          f.occurrencesByHour().get(Incident.HOUR.format(chartStart.plus(Duration.ofHours(h))));
      if (n != null) {
        hours[h] += n;
      }
    }
    return true;
  }

  /**
   * Adds {@code f}'s occurrences to the hours between its first and last sighting, evenly: the
   * estimate for an incident that keeps a count and two instants, not its counts per hour.
   */
  static void spread(Finding f, Instant chartStart, double[] hours) {
    if (f.lastSeen() == null || f.occurrences() <= 0) {
      return;
    }
    Instant last = f.lastSeen();
    Instant first = f.firstSeen() == null || f.firstSeen().isAfter(last) ? last : f.firstSeen();
    long span = Duration.between(first, last).toMillis();
    for (int h = 0; h < hours.length; h++) {
      Instant from = chartStart.plus(Duration.ofHours(h));
      Instant to = from.plus(Duration.ofHours(1));
      if (span == 0) {
        if (!last.isBefore(from) && last.isBefore(to)) {
          hours[h] += f.occurrences();
        }
        continue;
      }
      Instant overlapFrom = first.isAfter(from) ? first : from;
      Instant overlapTo = last.isBefore(to) ? last : to;
      long overlap = Duration.between(overlapFrom, overlapTo).toMillis();
      if (overlap > 0) {
        hours[h] += f.occurrences() * (double) overlap / span;
      }
    }
  }

  private static List<Map<String, Object>> counts(Map<String, Integer> counts) {
    List<Map<String, Object>> out = new ArrayList<>();
    counts.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                .reversed()
                .thenComparing(e -> String.valueOf(e.getKey())))
        .forEach(
            e -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("key", e.getKey());
              row.put("count", e.getValue());
              out.add(row);
            });
    return out;
  }

  /**
   * Whole counts that add up to the rounded total (largest remainder first): rounding each hour
   * alone would make the bars disagree with the occurrences they share out.
   */
  static long[] apportion(double[] hours) {
    long[] whole = new long[hours.length];
    double total = 0;
    long assigned = 0;
    for (int h = 0; h < hours.length; h++) {
      whole[h] = (long) Math.floor(hours[h]);
      assigned += whole[h];
      total += hours[h];
    }
    long left = Math.round(total) - assigned;
    Integer[] byRemainder = new Integer[hours.length];
    for (int h = 0; h < hours.length; h++) {
      byRemainder[h] = h;
    }
    Arrays.sort(
        byRemainder, Comparator.comparingDouble((Integer h) -> hours[h] - whole[h]).reversed());
    for (int i = 0; i < left && i < byRemainder.length; i++) {
      whole[byRemainder[i]]++;
    }
    return whole;
  }

  private static Map<String, Object> chart(
      Instant start, double[] hours, int estimated, boolean complete) {
    long[] counts = apportion(hours);
    List<Map<String, Object>> buckets = new ArrayList<>();
    for (int h = 0; h < hours.length; h++) {
      Map<String, Object> bucket = new LinkedHashMap<>();
      bucket.put("start", start.plus(Duration.ofHours(h)));
      bucket.put("count", counts[h]);
      buckets.add(bucket);
    }
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("bucket", "PT1H");
    chart.put("from", start);
    chart.put("to", start.plus(Duration.ofHours(hours.length)));
    chart.put(
        "method",
        estimated == 0
            ? "each open incident's occurrences counted per hour"
            : "each open incident's occurrences counted per hour; "
                + estimated
                + " without hourly counts spread evenly between firstSeen and lastSeen");
    chart.put("estimated", estimated);
    chart.put("complete", complete);
    chart.put("buckets", buckets);
    return chart;
  }
}
