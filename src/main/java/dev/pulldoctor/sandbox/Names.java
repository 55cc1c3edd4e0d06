package dev.pulldoctor.sandbox;

import java.util.ArrayList;
import java.util.List;

/** Splits resource names such as {@code projects/P/locations/L/repositories/R} into their ids. */
final class Names {

  private Names() {}

  /**
   * The ids in {@code name} at the places of {@code pattern}'s {@code {}} segments, e.g. {@code
   * parse("projects/p/locations/l", "projects/{}/locations/{}")} → {@code [p, l]}; INVALID_ARGUMENT
   * when the name has another shape.
   */
  static List<String> parse(String name, String pattern) {
    String[] n = name.split("/", -1);
    String[] p = pattern.split("/", -1);
    List<String> ids = new ArrayList<>();
    boolean ok = n.length == p.length;
    for (int i = 0; ok && i < p.length; i++) {
      if (p[i].equals("{}")) {
        ok = !n[i].isEmpty();
        ids.add(n[i]);
      } else {
        ok = p[i].equals(n[i]);
      }
    }
    if (!ok) {
      throw Errors.invalid(
          "Invalid resource name \"" + name + "\": expected " + pattern.replace("{}", "*"));
    }
    return ids;
  }
}
