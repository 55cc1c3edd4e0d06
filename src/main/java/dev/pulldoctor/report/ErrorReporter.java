package dev.pulldoctor.report;

import dev.pulldoctor.diagnose.Diagnosis;

/**
 * Raises an Error Reporting event for an incident that opens or changes its root cause. Throws
 * {@link dev.pulldoctor.diagnose.InspectionFailure} when the API fails.
 */
@FunctionalInterface
public interface ErrorReporter {
  void report(String fingerprint, Diagnosis diagnosis);

  /** For {@code ERROR_REPORTING=off}. */
  ErrorReporter OFF = (fingerprint, diagnosis) -> {};
}
