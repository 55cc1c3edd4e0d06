package dev.pulldoctor.sandbox;

import com.google.cloud.secretmanager.v1.GetSecretVersionRequest;
import com.google.cloud.secretmanager.v1.SecretManagerServiceGrpc;
import com.google.cloud.secretmanager.v1.SecretVersion;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * Secret Manager v1: a secret version's state and a secret's allow policy, which is what a remote
 * repository's credential needs (https://cloud.google.com/secret-manager/docs/reference/rpc).
 */
final class SecretManagerService extends SecretManagerServiceGrpc.SecretManagerServiceImplBase {

  private static final String SERVICE = "secretmanager.googleapis.com";

  private final Access access;

  SecretManagerService(Access access) {
    this.access = access;
  }

  /** The secret a name starts with, after the caller's permission on it is checked. */
  private Modes.Secret secret(Project project, String id, String permission, String name) {
    String full = "//secretmanager.googleapis.com/" + name;
    access.requireEnabled(project, SERVICE);
    access.require(PolicyKey.secret(project.id(), id), permission, full);
    return access
        .world()
        .modes()
        .secret(project.id(), id)
        .orElseThrow(
            () ->
                Errors.notFound(
                    "Secret [projects/" + project.number() + "/secrets/" + id + "] not found."));
  }

  @Override
  public void getSecretVersion(GetSecretVersionRequest request, StreamObserver<SecretVersion> out) {
    Access.answer(
        out,
        () -> {
          List<String> ids = Names.parse(request.getName(), "projects/{}/secrets/{}/versions/{}");
          Project project = access.project(ids.get(0), Access.permission(), request.getName());
          Modes.Secret secret = secret(project, ids.get(1), Access.permission(), request.getName());
          String version =
              ids.get(2).equals("latest") ? secret.latest().orElse("latest") : ids.get(2);
          String name =
              "projects/" + project.number() + "/secrets/" + ids.get(1) + "/versions/" + version;
          String state = secret.versions().get(version);
          if (state == null) {
            throw Errors.notFound("Secret Version [" + name + "] not found.");
          }
          return SecretVersion.newBuilder()
              .setName(name)
              .setState(SecretVersion.State.valueOf(state))
              .build();
        });
  }

  @Override
  public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> out) {
    Access.answer(
        out,
        () -> {
          List<String> ids = Names.parse(request.getResource(), "projects/{}/secrets/{}");
          Project project = access.project(ids.get(0), Access.permission(), request.getResource());
          secret(project, ids.get(1), Access.permission(), request.getResource());
          return Policies.toProto(
              access.world().policy(PolicyKey.secret(project.id(), ids.get(1))));
        });
  }
}
