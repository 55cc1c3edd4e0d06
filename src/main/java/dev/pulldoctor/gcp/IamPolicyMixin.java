package dev.pulldoctor.gcp;

import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import io.grpc.MethodDescriptor;

/**
 * The {@code google.iam.v1.IAMPolicy} mixin through which Cloud KMS serves the allow policies of
 * its keys (https://cloud.google.com/kms/docs/reference/rpc/google.iam.v1#iampolicy). Its protos
 * ship in proto-google-iam-v1, but no generated gRPC stub is on the class path, so the one method
 * Pull Doctor calls (and the sandbox serves) is described here.
 */
public final class IamPolicyMixin {
  private IamPolicyMixin() {}

  public static final String SERVICE_NAME = "google.iam.v1.IAMPolicy";

  public static final MethodDescriptor<GetIamPolicyRequest, Policy> GET_IAM_POLICY =
      ProtoMethods.describe(
          SERVICE_NAME,
          "GetIamPolicy",
          MethodDescriptor.MethodType.UNARY,
          GetIamPolicyRequest.getDefaultInstance(),
          Policy.getDefaultInstance());
}
