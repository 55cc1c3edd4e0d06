package dev.pulldoctor.domain;

import java.util.regex.Pattern;

/** Checks on names that come from logs: they end up in resource names, documents and HTML. */
final class Names {
  // Project ids, locations, cluster, pool, repository, namespace and pod names all fit in this
  // alphabet (domain-scoped project ids carry a ':' and a '.').
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}");

  private Names() {}

  static String requireName(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " is required");
    }
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " is not a valid name: " + printable(value));
    }
    return value;
  }

  /** The value with control characters escaped and its length capped, fit for an error message. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && out.length() < 80; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return value.length() > 80 ? out + "…" : out.toString();
  }
}
