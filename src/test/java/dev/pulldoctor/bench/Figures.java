package dev.pulldoctor.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The benchmark's output: one {@code name value} line per figure on stdout, printed as soon as it
 * is measured (progress goes to stderr), and kept for the targets.
 */
final class Figures {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final Map<String, Double> values = new LinkedHashMap<>();
  private final PrintStream out;

  Figures(PrintStream out) {
    this.out = out;
  }

  /** Records and prints a figure, rounded half-up to {@code decimals} places. */
  void put(String name, double value, int decimals) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a figure name: " + name);
    }
    if (values.containsKey(name)) {
      throw new IllegalArgumentException("measured twice: " + name);
    }
    values.put(name, value);
    out.println(name + " " + format(value, decimals));
    out.flush();
  }

  /** A whole number: a count, or milliseconds. */
  void put(String name, long value) {
    put(name, value, 0);
  }

  /** A line that is not a measurement, such as {@code targets_met true}. */
  void verdict(String name, boolean value) {
    out.println(name + " " + value);
    out.flush();
  }

  OptionalDouble get(String name) {
    Double v = values.get(name);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  static String format(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
  }
}
