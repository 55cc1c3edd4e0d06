package dev.pulldoctor.report;

import com.google.devtools.clouderrorreporting.v1beta1.ErrorContext;
import com.google.devtools.clouderrorreporting.v1beta1.ProjectName;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorEventRequest;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceClient;
import com.google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent;
import com.google.devtools.clouderrorreporting.v1beta1.ServiceContext;
import com.google.devtools.clouderrorreporting.v1beta1.SourceLocation;
import com.google.protobuf.Timestamp;
import dev.pulldoctor.domain.Finding;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link ErrorReporter} over Error Reporting's {@code reportErrorEvent}. A finding has no stack
 * trace, so the event carries {@code context.reportLocation}, which Error Reporting requires
 * instead (https://cloud.google.com/error-reporting/reference/rest/v1beta1/projects.events/report);
 * the location names the root cause and the incident, so each incident is one error group.
 */
final class ErrorReportingAdapter implements ErrorReporter {
  static final String SERVICE = "pull-doctor";

  private final Supplier<ReportErrorsServiceClient> client;
  private final String project;
  private final String version;

  ErrorReportingAdapter(Supplier<ReportErrorsServiceClient> client, String project, String version) {
    this.client = client;
    this.project = project;
    this.version = version;
  }

  @Override
  public void report(Finding f) {
    String cause = f.rootCause() == null ? "UNDETERMINED" : f.rootCause().name();
    Instant now = Instant.now();
    ReportedErrorEvent event = ReportedErrorEvent.newBuilder()
        .setEventTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
        .setServiceContext(ServiceContext.newBuilder().setService(SERVICE).setVersion(version))
        .setMessage(message(f, cause))
        .setContext(ErrorContext.newBuilder().setReportLocation(SourceLocation.newBuilder()
            .setFilePath("pull-doctor/" + cause)
            .setLineNumber(1)
            .setFunctionName(f.fingerprint())))
        .build();
    client.get().reportErrorEvent(ReportErrorEventRequest.newBuilder()
        .setProjectName(ProjectName.of(project).toString()).setEvent(event).build());
  }

  static String message(Finding f, String cause) {
    StringBuilder m = new StringBuilder();
    m.append("Pull Doctor: ").append(cause).append(" — pods of node pool ").append(f.nodePool())
        .append(" in cluster ").append(f.cluster()).append(" cannot pull from ")
        .append(f.repository()).append(".\n").append(f.summary());
    Object commands = f.advice().get("commands");
    if (commands instanceof List<?> list && !list.isEmpty()) {
      m.append("\nFix: ").append(list.get(0));
    }
    m.append("\nIncident: ").append(f.fingerprint());
    return m.toString();
  }
}
