package dev.pulldoctor.sandbox;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Paging and the simple {@code field="value"} filters of Google's list methods. */
final class Listing {

  private static final Pattern FILTER = Pattern.compile("\\s*(\\w+)\\s*=\\s*\"([^\"]*)\"\\s*");

  private Listing() {}

  /** One page: its items and the token of the next page (empty on the last). */
  record Page<T>(List<T> items, String nextPageToken) {}

  /** The page after {@code token}; a page size of 0 or less returns everything left. */
  static <T> Page<T> page(List<T> all, int pageSize, String token) {
    int from;
    try {
      from = token.isEmpty() ? 0 : Integer.parseInt(token);
    } catch (NumberFormatException e) {
      throw Errors.invalid("Invalid page token: " + token);
    }
    if (from < 0 || from > all.size()) {
      throw Errors.invalid("Invalid page token: " + token);
    }
    int to = pageSize <= 0 ? all.size() : Math.min(all.size(), from + pageSize);
    return new Page<>(all.subList(from, to), to < all.size() ? Integer.toString(to) : "");
  }

  /**
   * The items that match a filter such as {@code name="projects/p/…/repositories/my-*"}: one field,
   * compared case-insensitively, {@code *} matching any characters. {@code fields} names the fields
   * the method allows and how to read each.
   */
  static <T> List<T> filter(List<T> items, String filter, Map<String, Function<T, String>> fields) {
    if (filter.isBlank()) {
      return items;
    }
    Matcher m = FILTER.matcher(filter);
    if (!m.matches() || !fields.containsKey(m.group(1))) {
      throw Errors.invalid(
          "Invalid filter: "
              + filter
              + " (the sandbox supports FIELD=\"VALUE\""
              + " with FIELD one of "
              + String.join(", ", fields.keySet())
              + ")");
    }
    StringBuilder regex = new StringBuilder();
    for (String part : m.group(2).split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part.toLowerCase(Locale.ROOT)));
    }
    Pattern wanted = Pattern.compile(regex.toString());
    Function<T, String> read = fields.get(m.group(1));
    return items.stream()
        .filter(i -> wanted.matcher(read.apply(i).toLowerCase(Locale.ROOT)).matches())
        .toList();
  }
}
