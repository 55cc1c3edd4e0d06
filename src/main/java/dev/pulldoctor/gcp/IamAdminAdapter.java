package dev.pulldoctor.gcp;

import com.google.iam.admin.v1.GetServiceAccountRequest;
import com.google.iam.admin.v1.IAMGrpc;
import com.google.iam.admin.v1.ServiceAccount;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Ports.AccountState;
import dev.pulldoctor.diagnose.Ports.ServiceAccountDirectory;

/** {@link ServiceAccountDirectory} over the IAM admin API. */
final class IamAdminAdapter implements ServiceAccountDirectory {
  private final GrpcApi api;

  IamAdminAdapter(GrpcApi api) {
    this.api = api;
  }

  @Override
  public AccountState state(String email) {
    String name = "projects/-/serviceAccounts/" + email;
    try {
      ServiceAccount sa =
          api.call(
              IAMGrpc.getGetServiceAccountMethod(),
              GetServiceAccountRequest.newBuilder().setName(name).build());
      return sa.getDisabled() ? AccountState.DISABLED : AccountState.ENABLED;
    } catch (RuntimeException e) {
      InspectionFailure f =
          GoogleErrors.translate(
              e, ApiPermission.IAM_GET_SERVICE_ACCOUNT, "GetServiceAccount " + name);
      if (f.kind() == InspectionFailure.Kind.NOT_FOUND) {
        return AccountState.NOT_FOUND;
      }
      throw f;
    }
  }
}
