package dev.pulldoctor.cli;

/** {@code --format}: a table for people, or one JSON object for machines. */
enum OutputFormat {
  /** Aligned columns, and any warnings on stderr. */
  table,
  /** One pretty-printed JSON object on stdout. */
  json
}
