package dev.pulldoctor.report;

import dev.pulldoctor.domain.Finding;

/** Raises an Error Reporting event for an incident that opened or changed its root cause. */
@FunctionalInterface
public interface ErrorReporter {
  void report(Finding finding);

  /** For {@code ERROR_REPORTING=off}. */
  ErrorReporter OFF = finding -> {};
}
