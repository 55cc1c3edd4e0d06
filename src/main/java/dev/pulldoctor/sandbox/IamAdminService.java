package dev.pulldoctor.sandbox;

import com.google.iam.admin.v1.GetServiceAccountRequest;
import com.google.iam.admin.v1.IAMGrpc;
import dev.pulldoctor.gcp.ApiPermission;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** IAM admin v1 {@code getServiceAccount}: does the account exist, is it disabled. */
final class IamAdminService extends IAMGrpc.IAMImplBase {

  private static final String SERVICE = ApiPermission.IAM_GET_SERVICE_ACCOUNT.service();
  private static final String PERMISSION = Access.permissionOf("iam.projects.serviceAccounts.get");

  private final Access access;

  IamAdminService(Access access) {
    this.access = access;
  }

  @Override
  public void getServiceAccount(
      GetServiceAccountRequest request,
      StreamObserver<com.google.iam.admin.v1.ServiceAccount> out) {
    Access.answer(
        out,
        () -> {
          List<String> ids = Names.parse(request.getName(), "projects/{}/serviceAccounts/{}");
          ServiceAccount account = access.world().serviceAccount(ids.get(1)).orElse(null);
          Project project;
          if (ids.get(0).equals("-")) {
            if (account == null) {
              throw missingViaWildcard(request.getName(), ids.get(1));
            }
            project = access.world().project(account.project()).orElseThrow();
          } else {
            project = access.project(ids.get(0), PERMISSION, request.getName());
            if (account != null && !account.project().equals(project.id())) {
              account = null;
            }
          }
          access.requireEnabled(project, SERVICE);
          if (account == null) {
            access.require(PolicyKey.project(project.id()), PERMISSION, request.getName());
            throw Errors.notFound("Unknown service account");
          }
          access.require(
              PolicyKey.serviceAccount(project.id(), account.email()),
              PERMISSION,
              request.getName());
          String uniqueId = World.uniqueId(account.email());
          return com.google.iam.admin.v1.ServiceAccount.newBuilder()
              .setName("projects/" + project.id() + "/serviceAccounts/" + account.email())
              .setProjectId(project.id())
              .setUniqueId(uniqueId)
              .setOauth2ClientId(uniqueId)
              .setEmail(account.email())
              .setDisplayName(account.displayName())
              .setDisabled(account.disabled())
              .build();
        });
  }

  /**
   * With the {@code -} wildcard IAM finds the project from the account; for a missing one it can
   * only go by what the email names (NAME@PROJECT.iam.gserviceaccount.com,
   * NUMBER-compute@developer…). Where that is a project the caller may read accounts in, the answer
   * is NOT_FOUND; otherwise 403, as the reference warns for {@code fake@example.com}
   * (https://cloud.google.com/iam/docs/reference/rest/v1/projects.serviceAccounts/get).
   */
  private RuntimeException missingViaWildcard(String name, String account) {
    if (account.contains("@")) {
      var home = Principal.serviceAccount(account).homeProject().flatMap(access.world()::project);
      if (home.isPresent()
          && home.get().enabled(SERVICE)
          && access.may(PolicyKey.project(home.get().id()), PERMISSION)) {
        return Errors.notFound("Unknown service account");
      }
    }
    return Errors.denied(PERMISSION, name);
  }
}
