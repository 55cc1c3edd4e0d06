package dev.pulldoctor.report;

import dev.pulldoctor.gcp.GrpcApi;

/** Builds the reporting adapters, which stay package-private. */
public final class Reporters {
  private Reporters() {}

  /** Error Reporting in {@code project} through {@code api}, as service {@code pull-doctor}. */
  public static ErrorReporter errorReporting(GrpcApi api, String project, String version) {
    return new ErrorReportingAdapter(api, project, version);
  }
}
