package dev.pulldoctor.gcp;

import com.google.cloud.kms.v1.CryptoKey;
import com.google.cloud.kms.v1.GetCryptoKeyRequest;
import com.google.cloud.kms.v1.KeyManagementServiceGrpc;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.ModePorts.KeyDirectory;
import dev.pulldoctor.diagnose.ModePorts.KeyState;
import dev.pulldoctor.diagnose.ModePorts.PrimaryVersion;
import java.util.List;

/** {@link KeyDirectory} over Cloud KMS v1 and its IAMPolicy mixin. */
final class KmsAdapter implements KeyDirectory {
  private final GrpcApi api;

  KmsAdapter(GrpcApi api) {
    this.api = api;
  }

  /**
   * The primary version's state: what decides whether the key encrypts and decrypts
   * (https://cloud.google.com/kms/docs/key-states).
   */
  @Override
  public PrimaryVersion primary(String key) {
    try {
      CryptoKey k =
          api.call(
              KeyManagementServiceGrpc.getGetCryptoKeyMethod(),
              GetCryptoKeyRequest.newBuilder().setName(key).build());
      if (!k.hasPrimary()) {
        return new PrimaryVersion(null, KeyState.NO_PRIMARY);
      }
      KeyState state =
          switch (k.getPrimary().getState()) {
            case ENABLED -> KeyState.ENABLED;
            case DISABLED -> KeyState.DISABLED;
            case DESTROY_SCHEDULED -> KeyState.DESTROY_SCHEDULED;
            case DESTROYED -> KeyState.DESTROYED;
            default -> KeyState.OTHER;
          };
      return new PrimaryVersion(k.getPrimary().getName(), state);
    } catch (RuntimeException e) {
      InspectionFailure f =
          GoogleErrors.translate(e, ApiPermission.KMS_GET_CRYPTO_KEY, "GetCryptoKey " + key);
      if (f.kind() == InspectionFailure.Kind.NOT_FOUND) {
        return new PrimaryVersion(null, KeyState.NOT_FOUND);
      }
      throw f;
    }
  }

  @Override
  public List<Binding> iamPolicy(String key) {
    try {
      return Policies.bindings(
          api.call(
              IamPolicyMixin.GET_IAM_POLICY,
              GetIamPolicyRequest.newBuilder()
                  .setResource(key)
                  .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3))
                  .build()),
          "key " + key);
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(e, ApiPermission.KMS_GET_IAM_POLICY, "GetIamPolicy " + key);
    }
  }
}
