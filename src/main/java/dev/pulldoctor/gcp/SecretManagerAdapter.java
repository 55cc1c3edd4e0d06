package dev.pulldoctor.gcp;

import com.google.cloud.secretmanager.v1.GetSecretVersionRequest;
import com.google.cloud.secretmanager.v1.SecretManagerServiceGrpc;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.ModePorts.SecretDirectory;
import dev.pulldoctor.diagnose.ModePorts.SecretState;
import java.util.List;

/** {@link SecretDirectory} over Secret Manager v1. */
final class SecretManagerAdapter implements SecretDirectory {
  private final GrpcApi api;

  SecretManagerAdapter(GrpcApi api) {
    this.api = api;
  }

  @Override
  public SecretState versionState(String version) {
    try {
      SecretVersion v =
          api.call(
              SecretManagerServiceGrpc.getGetSecretVersionMethod(),
              GetSecretVersionRequest.newBuilder().setName(version).build());
      return switch (v.getState()) {
        case ENABLED -> SecretState.ENABLED;
        case DISABLED -> SecretState.DISABLED;
        case DESTROYED -> SecretState.DESTROYED;
        default -> SecretState.NOT_FOUND;
      };
    } catch (RuntimeException e) {
      InspectionFailure f =
          GoogleErrors.translate(
              e, ApiPermission.SECRET_MANAGER_GET_SECRET_VERSION, "GetSecretVersion " + version);
      if (f.kind() == InspectionFailure.Kind.NOT_FOUND) {
        return SecretState.NOT_FOUND;
      }
      throw f;
    }
  }

  @Override
  public List<Binding> iamPolicy(String secret) {
    try {
      return Policies.bindings(
          api.call(
              SecretManagerServiceGrpc.getGetIamPolicyMethod(),
              GetIamPolicyRequest.newBuilder()
                  .setResource(secret)
                  .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3))
                  .build()),
          "secret " + secret);
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.SECRET_MANAGER_GET_IAM_POLICY, "GetIamPolicy " + secret);
    }
  }
}
