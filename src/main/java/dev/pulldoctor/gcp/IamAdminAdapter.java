package dev.pulldoctor.gcp;

import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.iam.admin.v1.GetServiceAccountRequest;
import com.google.iam.admin.v1.ServiceAccount;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Ports.AccountState;
import dev.pulldoctor.diagnose.Ports.ServiceAccountDirectory;
import java.time.Duration;
import java.util.function.Supplier;

/** {@link ServiceAccountDirectory} over the IAM admin API. */
final class IamAdminAdapter implements ServiceAccountDirectory {
  private final Supplier<IAMClient> client;
  private final Duration deadline;

  IamAdminAdapter(Supplier<IAMClient> client, Duration deadline) {
    this.client = client;
    this.deadline = deadline;
  }

  @Override
  public AccountState state(String email) {
    String name = "projects/-/serviceAccounts/" + email;
    try {
      ServiceAccount sa =
          client
              .get()
              .getServiceAccountCallable()
              .call(
                  GetServiceAccountRequest.newBuilder().setName(name).build(),
                  Deadlines.context(deadline));
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
