package dev.pulldoctor.report;

import com.google.devtools.clouderrorreporting.v1beta1.ErrorContext;
import com.google.devtools.clouderrorreporting.v1beta1.ProjectName;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorEventRequest;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceGrpc;
import com.google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent;
import com.google.devtools.clouderrorreporting.v1beta1.ServiceContext;
import com.google.devtools.clouderrorreporting.v1beta1.SourceLocation;
import com.google.protobuf.Timestamp;
import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.gcp.ApiPermission;
import dev.pulldoctor.gcp.GoogleErrors;
import dev.pulldoctor.gcp.GrpcApi;
import java.time.Instant;

/**
 * {@link ErrorReporter} over Error Reporting's {@code reportErrorEvent}. A finding has no stack
 * trace, so the event carries {@code context.reportLocation}, which Error Reporting requires
 * instead (https://cloud.google.com/error-reporting/reference/rest/v1beta1/projects.events/report);
 * the location names the root cause and the incident, so each incident is one error group.
 */
final class ErrorReportingAdapter implements ErrorReporter {
  static final String SERVICE = "pull-doctor";

  private final GrpcApi api;
  private final String project;
  private final String version;

  ErrorReportingAdapter(GrpcApi api, String project, String version) {
    this.api = api;
    this.project = project;
    this.version = version;
  }

  @Override
  public void report(String fingerprint, Diagnosis d) {
    String cause = d.rootCause().name();
    Instant now = Instant.now();
    ReportedErrorEvent event =
        ReportedErrorEvent.newBuilder()
            .setEventTime(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
            .setServiceContext(ServiceContext.newBuilder().setService(SERVICE).setVersion(version))
            .setMessage(message(fingerprint, d))
            .setContext(
                ErrorContext.newBuilder()
                    .setReportLocation(
                        SourceLocation.newBuilder()
                            .setFilePath("pull-doctor/" + cause)
                            .setLineNumber(1)
                            .setFunctionName(fingerprint)))
            .build();
    try {
      api.callOnce(
          ReportErrorsServiceGrpc.getReportErrorEventMethod(),
          ReportErrorEventRequest.newBuilder()
              .setProjectName(ProjectName.of(project).toString())
              .setEvent(event)
              .build());
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.ERROR_REPORTING_REPORT, "ReportErrorEvent projects/" + project);
    }
  }

  static String message(String fingerprint, Diagnosis d) {
    var e = d.evidence();
    StringBuilder m = new StringBuilder();
    m.append("Pull Doctor: ")
        .append(d.rootCause())
        .append(" — pods of node pool ")
        .append(e.nodePool())
        .append(" in cluster ")
        .append(d.failure().cluster())
        .append(" cannot pull from ")
        .append(e.repository())
        .append(".")
        .append('\n')
        .append(d.summary());
    if (!d.advice().commands().isEmpty()) {
      m.append('\n').append("Fix: ").append(d.advice().commands().get(0));
    }
    m.append('\n').append("Incident: ").append(fingerprint);
    return m.toString();
  }
}
