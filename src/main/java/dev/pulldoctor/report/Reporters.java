package dev.pulldoctor.report;

import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceClient;
import java.time.Duration;
import java.util.function.Supplier;

/** Builds the reporting adapters, which stay package-private. */
public final class Reporters {
  private Reporters() {}

  /** Error Reporting in {@code project}, as service {@code pull-doctor} at {@code version}. */
  public static ErrorReporter errorReporting(
      Supplier<ReportErrorsServiceClient> client,
      String project,
      String version,
      Duration deadline) {
    return new ErrorReportingAdapter(client, project, version, deadline);
  }
}
