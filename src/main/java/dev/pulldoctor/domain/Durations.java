package dev.pulldoctor.domain;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one spelling of a duration that settings, CLI flags and dashboard queries share: {@code 90s},
 * {@code 10m}, {@code 1h}, {@code 7d}, or ISO-8601 ({@code PT10M}).
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /** Parses {@code 90s}, {@code 10m}, {@code 1h}, {@code 7d} or an ISO-8601 duration. */
  public static Duration parse(String text) {
    Matcher m = SHORT.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
  }
}
