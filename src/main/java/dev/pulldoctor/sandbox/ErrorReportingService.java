package dev.pulldoctor.sandbox;

import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorEventRequest;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorEventResponse;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceGrpc;
import dev.pulldoctor.gcp.ApiPermission;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Error Reporting {@code reportErrorEvent}: keeps each event for tests, after the checks Google
 * makes of it
 * (https://cloud.google.com/error-reporting/reference/rest/v1beta1/projects.events/report).
 */
final class ErrorReportingService extends ReportErrorsServiceGrpc.ReportErrorsServiceImplBase {

  private static final String SERVICE = ApiPermission.ERROR_REPORTING_REPORT.service();
  private static final String PERMISSION =
      Access.permissionOf("clouderrorreporting.projects.events.report");
  private static final Pattern STACK_FRAME = Pattern.compile("\\n\\s+at \\S");

  private final Access access;
  private final List<ReportedError> events = new CopyOnWriteArrayList<>();

  ErrorReportingService(Access access) {
    this.access = access;
  }

  List<ReportedError> events() {
    return List.copyOf(events);
  }

  @Override
  public void reportErrorEvent(
      ReportErrorEventRequest request, StreamObserver<ReportErrorEventResponse> out) {
    Access.answer(
        out,
        () -> {
          String project = Names.parse(request.getProjectName(), "projects/{}").get(0);
          // Events go to Pull Doctor's own project, which a world often leaves out: like a consumer
          // project, one outside the world is taken to allow it.
          Optional<Project> known = access.world().project(project);
          if (known.isPresent()) {
            access.requireEnabled(known.get(), SERVICE);
            access.require(
                PolicyKey.project(known.get().id()), PERMISSION, request.getProjectName());
          }
          var event = request.getEvent();
          if (event.getMessage().isBlank()) {
            throw Errors.invalid("ReportedErrorEvent.message is required.");
          }
          if (event.getServiceContext().getService().isBlank()) {
            throw Errors.invalid("ReportedErrorEvent.service_context.service is required.");
          }
          if (!event.getServiceContext().getResourceType().isEmpty()) {
            throw Errors.invalid(
                "ServiceContext.resource_type must not be set when reporting errors.");
          }
          var location = event.getContext().getReportLocation();
          boolean located =
              !location.getFunctionName().isEmpty() || !location.getFilePath().isEmpty();
          if (!located && !STACK_FRAME.matcher(event.getMessage()).find()) {
            throw Errors.invalid(
                "ReportedErrorEvent.context must contain a location unless `message`"
                    + " contain an exception or stacktrace.");
          }
          events.add(new ReportedError(project, event));
          return ReportErrorEventResponse.getDefaultInstance();
        });
  }
}
