package dev.pulldoctor.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.InspectionFailure.Kind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Translates a Google API error into what the investigation needs (DESIGN.md §6): the transient
 * codes that must make the event be redelivered, Pull Doctor's own missing permission, a disabled
 * API (https://cloud.google.com/apis/design/errors#error_info: reason {@code SERVICE_DISABLED}).
 */
public final class GoogleErrors {
  private GoogleErrors() {}

  /**
   * The API refused the call itself — no valid credentials (UNAUTHENTICATED), or a request it
   * cannot route or read (INVALID_ARGUMENT: a missing routing header, a malformed name). That is no
   * fact about the cluster or the repository, so it is not recorded as evidence: it ends the
   * investigation, as a one-line error in the CLI and a thrown event in the function.
   */
  public static final class CallRefused extends RuntimeException {
    CallRefused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The failure of {@code call} on {@code what}, classified for DESIGN.md §6. */
  public static InspectionFailure translate(RuntimeException e, ApiPermission call, String what) {
    Status.Code code;
    String message;
    String reason;
    if (e instanceof StatusRuntimeException grpc) {
      code = grpc.getStatus().getCode();
      message = String.valueOf(grpc.getStatus().getDescription());
      reason = reason(grpc);
    } else if (e instanceof ApiException api) {
      code = Status.Code.valueOf(api.getStatusCode().getCode().name());
      message = api.getMessage();
      reason = api.getReason();
    } else {
      return new InspectionFailure(Kind.FAILED, what, null, null, String.valueOf(e.getMessage()));
    }
    String detail = code + ": " + firstLine(message).replaceFirst("^" + code + ": ", "");
    // A node account's minted token may be refused (the account was disabled since): that answer
    // is evidence about the account, not a refusal of Pull Doctor's own call.
    boolean asNode = call == ApiPermission.ARTIFACT_REGISTRY_TEST_IAM_PERMISSIONS;
    if (code == Status.Code.INVALID_ARGUMENT || (code == Status.Code.UNAUTHENTICATED && !asNode)) {
      throw new CallRefused(what + ": " + detail, e);
    }
    Kind kind =
        isTransient(code)
            ? Kind.TRANSIENT
            : switch (code) {
              case PERMISSION_DENIED ->
                  "SERVICE_DISABLED".equals(reason) ? Kind.API_DISABLED : Kind.PERMISSION_DENIED;
              case NOT_FOUND -> Kind.NOT_FOUND;
              default -> Kind.FAILED;
            };
    String permission = call.permissions().isEmpty() ? null : String.join(", ", call.permissions());
    return new InspectionFailure(kind, what, permission, call.role(), detail);
  }

  /**
   * Whether a call that failed with {@code code} may succeed if the event is delivered again
   * (DESIGN.md §6): the one list for the API adapters and Firestore.
   */
  public static boolean isTransient(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL -> true;
      default -> false;
    };
  }

  /**
   * The {@code ErrorInfo.reason} among the status details Google sends, if any. The detail is
   * matched by its type URL rather than {@code Any.is}, which would build the descriptors of
   * google/rpc/error_details.proto on the first error of a cold start.
   */
  private static String reason(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status != null) {
      for (Any detail : status.getDetailsList()) {
        if (detail.getTypeUrl().endsWith("/google.rpc.ErrorInfo")) {
          try {
            return ErrorInfo.parseFrom(detail.getValue()).getReason();
          } catch (InvalidProtocolBufferException malformed) {
            return null;
          }
        }
      }
    }
    return null;
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
