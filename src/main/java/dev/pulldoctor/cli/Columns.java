package dev.pulldoctor.cli;

import java.util.List;

/** Aligned columns, two spaces apart, the last one ragged: every table the CLI prints. */
final class Columns {
  private Columns() {}

  /** {@code lines} (the header first) as text, one line each. */
  static String format(List<List<String>> lines) {
    int[] widths = new int[lines.get(0).size()];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : lines) {
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        row.append(i == 0 ? "" : "  ")
            .append(
                i == line.size() - 1
                    ? line.get(i)
                    : String.format("%-" + widths[i] + "s", line.get(i)));
      }
      out.append(row.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
