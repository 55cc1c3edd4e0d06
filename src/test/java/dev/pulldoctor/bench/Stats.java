package dev.pulldoctor.bench;

import java.util.Arrays;

/** Order statistics of a benchmark's samples. */
final class Stats {
  private Stats() {}

  /** The median; the mean of the two middle values of an even count. */
  static double median(double... samples) {
    double[] s = sorted(samples);
    int mid = s.length / 2;
    return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }

  /**
   * The nearest-rank percentile ({@code p} in (0, 100]): the smallest sample that at least {@code
   * p}% of the samples do not exceed. No interpolation, so it is always a measured value.
   */
  static double percentile(double[] samples, double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    double[] s = sorted(samples);
    int rank = (int) Math.ceil(p / 100 * s.length);
    return s[Math.max(0, rank - 1)];
  }

  private static double[] sorted(double[] samples) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    double[] s = samples.clone();
    Arrays.sort(s);
    return s;
  }
}
