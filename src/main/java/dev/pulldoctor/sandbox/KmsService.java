package dev.pulldoctor.sandbox;

import com.google.cloud.kms.v1.CryptoKey;
import com.google.cloud.kms.v1.CryptoKeyVersion;
import com.google.cloud.kms.v1.GetCryptoKeyRequest;
import com.google.cloud.kms.v1.KeyManagementServiceGrpc;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import dev.pulldoctor.gcp.IamPolicyMixin;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * Cloud KMS v1: a key with its primary version's state
 * (https://cloud.google.com/kms/docs/reference/rpc/google.cloud.kms.v1#cryptokey), and — through
 * the {@code google.iam.v1.IAMPolicy} mixin, whose stub no artifact carries — the key's allow
 * policy.
 */
final class KmsService extends KeyManagementServiceGrpc.KeyManagementServiceImplBase {

  private static final String SERVICE = "cloudkms.googleapis.com";
  private static final String KEY = "projects/{}/locations/{}/keyRings/{}/cryptoKeys/{}";

  private final Access access;

  KmsService(Access access) {
    this.access = access;
  }

  /** The key a request names, after the caller's permission on it is checked. */
  private Modes.CryptoKey key(String name, String permission) {
    List<String> ids = Names.parse(name, KEY);
    Project project = access.project(ids.get(0), permission, name);
    access.requireEnabled(project, SERVICE);
    String key = ids.get(1) + "/" + ids.get(2) + "/" + ids.get(3);
    access.require(
        PolicyKey.cryptoKey(project.id(), key), permission, "//cloudkms.googleapis.com/" + name);
    return access
        .world()
        .modes()
        .key(project.id(), ids.get(1), ids.get(2), ids.get(3))
        .orElseThrow(() -> Errors.notFound(name + " not found."));
  }

  @Override
  public void getCryptoKey(GetCryptoKeyRequest request, StreamObserver<CryptoKey> out) {
    Access.answer(
        out,
        () -> {
          Modes.CryptoKey k = key(request.getName(), Access.permission());
          return CryptoKey.newBuilder()
              .setName(request.getName())
              .setPurpose(CryptoKey.CryptoKeyPurpose.ENCRYPT_DECRYPT)
              .setPrimary(
                  CryptoKeyVersion.newBuilder()
                      .setName(request.getName() + "/cryptoKeyVersions/1")
                      .setState(CryptoKeyVersion.CryptoKeyVersionState.valueOf(k.primaryState())))
              .build();
        });
  }

  /** The IAMPolicy mixin as Cloud KMS serves it, for keys. */
  BindableService iamPolicy() {
    return () ->
        ServerServiceDefinition.builder(IamPolicyMixin.SERVICE_NAME)
            .addMethod(IamPolicyMixin.GET_IAM_POLICY, ServerCalls.asyncUnaryCall(this::keyPolicy))
            .build();
  }

  private void keyPolicy(GetIamPolicyRequest request, StreamObserver<Policy> out) {
    Access.answer(
        out,
        () -> {
          Modes.CryptoKey k = key(request.getResource(), Access.permission());
          return Policies.toProto(
              access
                  .world()
                  .policy(
                      PolicyKey.cryptoKey(
                          k.project(), k.location() + "/" + k.ring() + "/" + k.key())));
        });
  }
}
