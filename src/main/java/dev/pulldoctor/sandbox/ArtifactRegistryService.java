package dev.pulldoctor.sandbox;

import com.google.devtools.artifactregistry.v1.ArtifactRegistryGrpc;
import com.google.devtools.artifactregistry.v1.DockerImage;
import com.google.devtools.artifactregistry.v1.GetDockerImageRequest;
import com.google.devtools.artifactregistry.v1.GetRepositoryRequest;
import com.google.devtools.artifactregistry.v1.GetTagRequest;
import com.google.devtools.artifactregistry.v1.GetVPCSCConfigRequest;
import com.google.devtools.artifactregistry.v1.ListDockerImagesRequest;
import com.google.devtools.artifactregistry.v1.ListDockerImagesResponse;
import com.google.devtools.artifactregistry.v1.ListRepositoriesRequest;
import com.google.devtools.artifactregistry.v1.ListRepositoriesResponse;
import com.google.devtools.artifactregistry.v1.ListRulesRequest;
import com.google.devtools.artifactregistry.v1.ListRulesResponse;
import com.google.devtools.artifactregistry.v1.ListTagsRequest;
import com.google.devtools.artifactregistry.v1.ListTagsResponse;
import com.google.devtools.artifactregistry.v1.Repository.Format;
import com.google.devtools.artifactregistry.v1.Rule;
import com.google.devtools.artifactregistry.v1.Tag;
import com.google.devtools.artifactregistry.v1.VPCSCConfig;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.iam.v1.TestIamPermissionsResponse;
import io.grpc.stub.StreamObserver;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Artifact Registry v1: repositories, their Docker images and tags, and their allow policies. */
final class ArtifactRegistryService extends ArtifactRegistryGrpc.ArtifactRegistryImplBase {

  private static final String SERVICE = "artifactregistry.googleapis.com";
  private static final String REPOSITORY = "projects/{}/locations/{}/repositories/{}";
  private static final Map<String, String> GCR_HOSTS =
      Map.of(
          "us/gcr.io",
          "gcr.io",
          "us/us.gcr.io",
          "us.gcr.io",
          "europe/eu.gcr.io",
          "eu.gcr.io",
          "asia/asia.gcr.io",
          "asia.gcr.io");

  private final Access access;

  ArtifactRegistryService(Access access) {
    this.access = access;
  }

  /** A repository named in a request, whether or not it exists. */
  private record Target(Project project, String location, String name, Repository repository) {
    String resourceName() {
      return "projects/" + project.id() + "/locations/" + location + "/repositories/" + name;
    }

    PolicyKey key() {
      return repository != null
          ? PolicyKey.repository(project.id(), location + "/" + name)
          : PolicyKey.project(project.id());
    }
  }

  /**
   * Resolves a repository and checks the caller's permission on it: on the repository when it
   * exists, on the project when it does not — so NOT_FOUND goes only to callers who could see it.
   */
  private Target repository(String name, String permission) {
    List<String> ids = Names.parse(name, REPOSITORY);
    String full = "//artifactregistry.googleapis.com/" + name;
    Project project = access.project(ids.get(0), permission, full);
    access.requireEnabled(project, SERVICE);
    Target t =
        new Target(
            project,
            ids.get(1),
            ids.get(2),
            project.repository(ids.get(1), ids.get(2)).orElse(null));
    access.require(t.key(), permission, full);
    if (t.repository() == null) {
      throw Errors.notFound("Requested entity was not found.");
    }
    return t;
  }

  @Override
  public void getRepository(
      GetRepositoryRequest request,
      StreamObserver<com.google.devtools.artifactregistry.v1.Repository> out) {
    Access.answer(
        out,
        () -> {
          Target t = repository(request.getName(), Access.permission());
          return describe(t.project(), t.repository(), access.world().modes());
        });
  }

  @Override
  public void listRepositories(
      ListRepositoriesRequest request, StreamObserver<ListRepositoriesResponse> out) {
    Access.answer(
        out,
        () -> {
          List<String> ids = Names.parse(request.getParent(), "projects/{}/locations/{}");
          // Artifact Registry has no all-locations wildcard: `-` and `*` are refused
          // (https://github.com/googleapis/google-cloud-python/issues/13529).
          if (ids.get(1).equals("-") || ids.get(1).equals("*")) {
            throw Errors.invalid("Invalid project name: \"" + request.getParent() + "\"");
          }
          String permission = Access.permission();
          String full = "//artifactregistry.googleapis.com/" + request.getParent();
          Project project = access.project(ids.get(0), permission, full);
          access.requireEnabled(project, SERVICE);
          access.require(PolicyKey.project(project.id()), permission, full);
          List<com.google.devtools.artifactregistry.v1.Repository> all =
              project.repositories().values().stream()
                  .filter(r -> r.location().equals(ids.get(1)))
                  .map(r -> describe(project, r, access.world().modes()))
                  .toList();
          Map<String, Function<com.google.devtools.artifactregistry.v1.Repository, String>> fields =
              Map.of("name", com.google.devtools.artifactregistry.v1.Repository::getName);
          Listing.Page<com.google.devtools.artifactregistry.v1.Repository> page =
              Listing.page(
                  Listing.filter(all, request.getFilter(), fields),
                  request.getPageSize(),
                  request.getPageToken());
          return ListRepositoriesResponse.newBuilder()
              .addAllRepositories(page.items())
              .setNextPageToken(page.nextPageToken())
              .build();
        });
  }

  private static com.google.devtools.artifactregistry.v1.Repository describe(
      Project project, Repository r, Modes modes) {
    com.google.devtools.artifactregistry.v1.Repository.Builder b =
        com.google.devtools.artifactregistry.v1.Repository.newBuilder()
            .setName(
                "projects/"
                    + project.id()
                    + "/locations/"
                    + r.location()
                    + "/repositories/"
                    + r.name())
            .setFormat(Format.valueOf(r.format()))
            .setRegistryUri(registry(project, r));
    return RepositoryProtos.withMode(b, modes.repository(project.id(), r.key())).build();
  }

  /** The host and path images of the repository are pulled from. */
  private static String registry(Project project, Repository r) {
    String gcr = GCR_HOSTS.get(r.key());
    return gcr != null
        ? gcr + "/" + project.id()
        : r.location() + "-docker.pkg.dev/" + project.id() + "/" + r.name();
  }

  /** A stable fake digest for an image at a tag. */
  static String digest(String image, String tag) {
    return "sha256:" + HexFormat.of().formatHex(World.sha256(image + ":" + tag));
  }

  private static String encode(String image) {
    return URLEncoder.encode(image, StandardCharsets.UTF_8);
  }

  @Override
  public void listDockerImages(
      ListDockerImagesRequest request, StreamObserver<ListDockerImagesResponse> out) {
    Access.answer(
        out,
        () -> {
          Target t = repository(request.getParent(), Access.permission());
          List<DockerImage> images = new ArrayList<>();
          if (t.repository().format().equals("DOCKER")) {
            t.repository()
                .images()
                .forEach(
                    (image, tags) -> tags.forEach(tag -> images.add(dockerImage(t, image, tag))));
          }
          Listing.Page<DockerImage> page =
              Listing.page(images, request.getPageSize(), request.getPageToken());
          return ListDockerImagesResponse.newBuilder()
              .addAllDockerImages(page.items())
              .setNextPageToken(page.nextPageToken())
              .build();
        });
  }

  /** The Docker image an image path has at a tag (each tag is its own image here). */
  private DockerImage dockerImage(Target t, String image, String tag) {
    String digest = digest(image, tag);
    return DockerImage.newBuilder()
        .setName(t.resourceName() + "/dockerImages/" + encode(image) + "@" + digest)
        .setUri(registry(t.project(), t.repository()) + "/" + image + "@" + digest)
        .addTags(tag)
        .setMediaType(
            access.world().modes().mediaType(t.project().id(), t.repository().key(), image, tag))
        .build();
  }

  /**
   * {@code projects/P/locations/L/repositories/R/dockerImages/IMAGE@sha256:HEX}, the image path
   * URL-encoded
   * (https://cloud.google.com/artifact-registry/docs/reference/rest/v1/projects.locations.repositories.dockerImages/get).
   * A name with a tag instead of a digest is INVALID_ARGUMENT, as Artifact Registry answers
   * (https://github.com/googleapis/google-cloud-java/issues/9567).
   */
  @Override
  public void getDockerImage(GetDockerImageRequest request, StreamObserver<DockerImage> out) {
    Access.answer(
        out,
        () -> {
          String name = request.getName();
          int at = name.indexOf("/dockerImages/");
          String rest = at < 0 ? "" : name.substring(at + "/dockerImages/".length());
          int sign = rest.lastIndexOf('@');
          if (at < 0
              || rest.contains("/")
              || sign <= 0
              || !rest.substring(sign + 1).matches("sha256:[0-9a-f]{64}")) {
            throw Errors.invalid("Request contains an invalid argument.");
          }
          Target t = repository(name.substring(0, at), Access.permission());
          String image = URLDecoder.decode(rest.substring(0, sign), StandardCharsets.UTF_8);
          String digest = rest.substring(sign + 1);
          if (t.repository().format().equals("DOCKER")) {
            for (String tag : t.repository().images().getOrDefault(image, List.of())) {
              if (digest(image, tag).equals(digest)) {
                return dockerImage(t, image, tag);
              }
            }
          }
          throw Errors.notFound("Requested entity was not found.");
        });
  }

  /**
   * {@code projects/P/locations/L/repositories/R/packages/PACKAGE/tags/TAG}, a package id with the
   * image path's {@code /} escaped as {@code %2F}
   * (https://cloud.google.com/artifact-registry/docs/reference/rest/v1/projects.locations.repositories.packages.tags/get).
   */
  @Override
  public void getTag(GetTagRequest request, StreamObserver<Tag> out) {
    Access.answer(
        out,
        () -> {
          String name = request.getName();
          int packages = name.indexOf("/packages/");
          String[] rest =
              packages < 0
                  ? new String[0]
                  : name.substring(packages + "/packages/".length()).split("/", -1);
          if (rest.length != 3
              || rest[0].isEmpty()
              || !rest[1].equals("tags")
              || rest[2].isEmpty()) {
            throw Errors.invalid(
                "Invalid resource name \""
                    + name
                    + "\": expected projects/*/locations/*/repositories/*/packages/*/tags/*");
          }
          Target t = repository(name.substring(0, packages), Access.permission());
          String image = URLDecoder.decode(rest[0], StandardCharsets.UTF_8);
          String tag = URLDecoder.decode(rest[2], StandardCharsets.UTF_8);
          if (!t.repository().images().getOrDefault(image, List.of()).contains(tag)) {
            throw Errors.notFound("Requested entity was not found.");
          }
          String packageName = t.resourceName() + "/packages/" + encode(image);
          return Tag.newBuilder()
              .setName(packageName + "/tags/" + tag)
              .setVersion(packageName + "/versions/" + digest(image, tag))
              .build();
        });
  }

  @Override
  public void listTags(ListTagsRequest request, StreamObserver<ListTagsResponse> out) {
    Access.answer(
        out,
        () -> {
          String parent = request.getParent();
          int packages = parent.indexOf("/packages/");
          if (packages < 0 || parent.indexOf('/', packages + "/packages/".length()) >= 0) {
            throw Errors.invalid(
                "Invalid resource name \""
                    + parent
                    + "\": expected projects/*/locations/*/repositories/*/packages/*");
          }
          Target t = repository(parent.substring(0, packages), Access.permission());
          // Package ids escape the `/` of an image path as %2F.
          String encoded = parent.substring(packages + "/packages/".length());
          String image = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
          String packageName = t.resourceName() + "/packages/" + encode(image);
          List<Tag> tags =
              t.repository().images().getOrDefault(image, List.of()).stream()
                  .map(
                      tag ->
                          Tag.newBuilder()
                              .setName(packageName + "/tags/" + tag)
                              .setVersion(packageName + "/versions/" + digest(image, tag))
                              .build())
                  .toList();
          Map<String, Function<Tag, String>> fields =
              Map.of("name", Tag::getName, "version", Tag::getVersion);
          Listing.Page<Tag> page =
              Listing.page(
                  Listing.filter(tags, request.getFilter(), fields),
                  request.getPageSize(),
                  request.getPageToken());
          return ListTagsResponse.newBuilder()
              .addAllTags(page.items())
              .setNextPageToken(page.nextPageToken())
              .build();
        });
  }

  @Override
  public void listRules(ListRulesRequest request, StreamObserver<ListRulesResponse> out) {
    Access.answer(
        out,
        () -> {
          Target t = repository(request.getParent(), Access.permission());
          List<Rule> rules =
              access
                  .world()
                  .modes()
                  .repository(t.project().id(), t.repository().key())
                  .rules()
                  .stream()
                  .map(r -> RepositoryProtos.rule(t.resourceName(), r))
                  .toList();
          Listing.Page<Rule> page =
              Listing.page(rules, request.getPageSize(), request.getPageToken());
          return ListRulesResponse.newBuilder()
              .addAllRules(page.items())
              .setNextPageToken(page.nextPageToken())
              .build();
        });
  }

  /**
   * {@code projects/P/locations/L/vpcscConfig}: the world's {@code vpcscConfig} for the location
   * (googleapis google/devtools/artifactregistry/v1/vpcsc_config.proto). A location the world does
   * not name has no policy set: VPCSC_POLICY_UNSPECIFIED, as Google answers for a config never
   * changed. The permission is checked on the project, which owns the config
   * (https://cloud.google.com/artifact-registry/docs/repositories/remote-repo#vpc).
   */
  @Override
  public void getVPCSCConfig(GetVPCSCConfigRequest request, StreamObserver<VPCSCConfig> out) {
    Access.answer(
        out,
        () -> {
          List<String> ids = Names.parse(request.getName(), "projects/{}/locations/{}/vpcscConfig");
          String permission = Access.permission();
          String full = "//artifactregistry.googleapis.com/" + request.getName();
          Project project = access.project(ids.get(0), permission, full);
          access.requireEnabled(project, SERVICE);
          access.require(PolicyKey.project(project.id()), permission, full);
          String policy = access.world().modes().vpcsc(project.id(), ids.get(1));
          return VPCSCConfig.newBuilder()
              .setName("projects/" + project.id() + "/locations/" + ids.get(1) + "/vpcscConfig")
              .setVpcscPolicy(
                  policy == null
                      ? VPCSCConfig.VPCSCPolicy.VPCSC_POLICY_UNSPECIFIED
                      : VPCSCConfig.VPCSCPolicy.valueOf(policy))
              .build();
        });
  }

  @Override
  public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> out) {
    Access.answer(
        out,
        () -> {
          Target t = repository(request.getResource(), Access.permission());
          return Policies.toProto(
              access.world().policy(t.key()), request.getOptions().getRequestedPolicyVersion());
        });
  }

  @Override
  public void setIamPolicy(SetIamPolicyRequest request, StreamObserver<Policy> out) {
    Access.answer(
        out,
        () -> {
          String permission = Access.permission();
          Target t = repository(request.getResource(), permission);
          return Policies.write(access.world(), t.key(), request.getPolicy());
        });
  }

  @Override
  public void testIamPermissions(
      TestIamPermissionsRequest request, StreamObserver<TestIamPermissionsResponse> out) {
    Access.answer(
        out,
        () -> {
          for (String p : request.getPermissionsList()) {
            if (!p.startsWith("artifactregistry.")) {
              throw Errors.invalid("Permission " + p + " is not valid for this resource.");
            }
          }
          // The method needs no permission and answers for the caller; "If the resource does not
          // exist, this will return an empty set of permissions, not a NOT_FOUND error"
          // (google.iam.v1.IAMPolicy.TestIamPermissions,
          // https://cloud.google.com/artifact-registry/docs/reference/rpc/google.iam.v1).
          List<String> ids = Names.parse(request.getResource(), REPOSITORY);
          Project project = access.world().project(ids.get(0)).orElse(null);
          if (project == null) {
            return TestIamPermissionsResponse.getDefaultInstance();
          }
          access.requireEnabled(project, SERVICE);
          if (project.repository(ids.get(1), ids.get(2)).isEmpty()) {
            return TestIamPermissionsResponse.getDefaultInstance();
          }
          PolicyKey key = PolicyKey.repository(project.id(), ids.get(1) + "/" + ids.get(2));
          return TestIamPermissionsResponse.newBuilder()
              .addAllPermissions(
                  access.iam().held(Access.caller(), key, request.getPermissionsList()))
              .build();
        });
  }
}
