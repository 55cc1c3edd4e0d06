package dev.pulldoctor.sandbox;

import com.google.cloud.resourcemanager.v3.FoldersGrpc;
import com.google.cloud.resourcemanager.v3.GetFolderRequest;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import io.grpc.stub.StreamObserver;
import java.util.List;

/**
 * Resource Manager v3 Folders: a folder's parent and display name, and its allow policy. A folder
 * that does not exist is answered like a missing permission, as Resource Manager does.
 */
final class FoldersService extends FoldersGrpc.FoldersImplBase {

  private final Access access;

  FoldersService(Access access) {
    this.access = access;
  }

  private Folder folder(String name) {
    String permission = Access.permission();
    access.requireConsumerEnabled(ProjectsService.SERVICE);
    List<String> ids = Names.parse(name, "folders/{}");
    String full = "//cloudresourcemanager.googleapis.com/folders/" + ids.get(0);
    Folder folder =
        access
            .world()
            .folder("folders/" + ids.get(0))
            .orElseThrow(() -> Errors.denied(permission, full));
    access.require(PolicyKey.folder(folder.name()), permission, full);
    return folder;
  }

  @Override
  public void getFolder(
      GetFolderRequest request, StreamObserver<com.google.cloud.resourcemanager.v3.Folder> out) {
    Access.answer(
        out,
        () -> {
          Folder f = folder(request.getName());
          return com.google.cloud.resourcemanager.v3.Folder.newBuilder()
              .setName(f.name())
              .setParent(f.parent())
              .setDisplayName(f.displayName())
              .setState(com.google.cloud.resourcemanager.v3.Folder.State.ACTIVE)
              .build();
        });
  }

  @Override
  public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> out) {
    Access.answer(
        out,
        () -> {
          Folder f = folder(request.getResource());
          return Policies.toProto(
              access.world().policy(PolicyKey.folder(f.name())),
              request.getOptions().getRequestedPolicyVersion());
        });
  }
}
