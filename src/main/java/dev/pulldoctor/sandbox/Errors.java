package dev.pulldoctor.sandbox;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;

/** The errors the sandbox answers with, worded and detailed as Google's are. */
final class Errors {

  private static final Map<String, String> TITLES =
      Map.of(
          "artifactregistry.googleapis.com", "Artifact Registry API",
          "container.googleapis.com", "Kubernetes Engine API",
          "iam.googleapis.com", "Identity and Access Management (IAM) API",
          "iamcredentials.googleapis.com", "IAM Service Account Credentials API",
          "cloudresourcemanager.googleapis.com", "Cloud Resource Manager API",
          "clouderrorreporting.googleapis.com", "Error Reporting API",
          "policytroubleshooter.googleapis.com", "Policy Troubleshooter API",
          "cloudfunctions.googleapis.com", "Cloud Functions API",
          "secretmanager.googleapis.com", "Secret Manager API",
          "cloudkms.googleapis.com", "Cloud Key Management Service (KMS) API");

  private Errors() {}

  /**
   * A call to an API that is off in the consumer project: PERMISSION_DENIED with an {@code
   * ErrorInfo} of reason {@code SERVICE_DISABLED}, domain {@code googleapis.com} and metadata
   * {@code service}, {@code consumer} — what Google answers
   * (https://cloud.google.com/apis/design/errors#error_info).
   */
  static StatusRuntimeException serviceDisabled(Project project, String service) {
    String title = TITLES.getOrDefault(service, service);
    String url =
        "https://console.developers.google.com/apis/api/"
            + service
            + "/overview?project="
            + project.number();
    String message =
        title
            + " has not been used in project "
            + project.number()
            + " before or it is disabled. Enable it by visiting "
            + url
            + " then retry. If you enabled this API recently, wait a few minutes for the action to"
            + " propagate to our systems and retry.";
    ErrorInfo info =
        ErrorInfo.newBuilder()
            .setReason("SERVICE_DISABLED")
            .setDomain("googleapis.com")
            .putMetadata("service", service)
            .putMetadata("consumer", "projects/" + project.number())
            .putMetadata("serviceTitle", title)
            .putMetadata("containerInfo", project.number())
            .putMetadata("activationUrl", url)
            .build();
    return status(Code.PERMISSION_DENIED, message, info);
  }

  /**
   * The caller lacks the permission, or the resource does not exist and the caller may not know
   * that. GKE words it its own way; the other APIs as IAM does.
   */
  static StatusRuntimeException denied(String permission, String resource) {
    String message =
        permission.startsWith("container.")
            ? "Required \"" + permission + "\" permission(s) for \"" + resource + "\"."
            : "Permission '"
                + permission
                + "' denied on resource '"
                + resource
                + "' (or it may not exist).";
    ErrorInfo info =
        ErrorInfo.newBuilder()
            .setReason("IAM_PERMISSION_DENIED")
            .setDomain("iam.googleapis.com")
            .putMetadata("permission", permission)
            .putMetadata("resource", resource)
            .build();
    return status(Code.PERMISSION_DENIED, message, info);
  }

  static StatusRuntimeException notFound(String message) {
    return Status.NOT_FOUND.withDescription(message).asRuntimeException();
  }

  static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  private static StatusRuntimeException status(Code code, String message, ErrorInfo info) {
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(code.getNumber())
            .setMessage(message)
            .addDetails(Any.pack(info))
            .build());
  }
}
