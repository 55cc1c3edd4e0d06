package dev.pulldoctor.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.InspectionFailure.Kind;

/**
 * Translates a Google API error into what the investigation needs (DESIGN.md §6): the transient
 * codes that must make the event be redelivered, Pull Doctor's own missing permission, a disabled
 * API (https://cloud.google.com/apis/design/errors#error_info: reason {@code SERVICE_DISABLED}).
 */
public final class GoogleErrors {
  private GoogleErrors() {}

  /** The failure of {@code call} on {@code what}, classified for DESIGN.md §6. */
  public static InspectionFailure translate(RuntimeException e, ApiPermission call, String what) {
    if (!(e instanceof ApiException api)) {
      return new InspectionFailure(Kind.FAILED, what, null, null, String.valueOf(e.getMessage()));
    }
    StatusCode.Code code = api.getStatusCode().getCode();
    String detail = code + ": " + firstLine(api.getMessage()).replaceFirst("^" + code + ": ", "");
    Kind kind =
        switch (code) {
          case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL ->
              Kind.TRANSIENT;
          case PERMISSION_DENIED ->
              "SERVICE_DISABLED".equals(api.getReason())
                  ? Kind.API_DISABLED
                  : Kind.PERMISSION_DENIED;
          case NOT_FOUND -> Kind.NOT_FOUND;
          default -> Kind.FAILED;
        };
    String permission = call.permissions().isEmpty() ? null : String.join(", ", call.permissions());
    return new InspectionFailure(kind, what, permission, call.role(), detail);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    // gax wraps gRPC's exception, whose text repeats the code: keep Google's own words.
    line = line.replaceFirst("^io\\.grpc\\.StatusRuntimeException: [A-Z_]+: ", "");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
