package dev.pulldoctor.gcp;

import com.google.cloud.location.ListLocationsRequest;
import com.google.cloud.location.ListLocationsResponse;
import com.google.cloud.location.Location;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryGrpc;
import com.google.devtools.artifactregistry.v1.DockerImage;
import com.google.devtools.artifactregistry.v1.GetDockerImageRequest;
import com.google.devtools.artifactregistry.v1.GetRepositoryRequest;
import com.google.devtools.artifactregistry.v1.GetTagRequest;
import com.google.devtools.artifactregistry.v1.ListRepositoriesRequest;
import com.google.devtools.artifactregistry.v1.ListRepositoriesResponse;
import com.google.devtools.artifactregistry.v1.Repository;
import com.google.devtools.artifactregistry.v1.Tag;
import com.google.iam.v1.Policy;
import dev.pulldoctor.audit.AuditPorts.RepositoryLister;
import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Ports.RegistryDirectory;
import dev.pulldoctor.diagnose.Ports.Version;
import dev.pulldoctor.diagnose.RepositoryInfo;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link RegistryDirectory} and the audit's {@link RepositoryLister} over Artifact Registry v1. */
final class ArtifactRegistryAdapter implements RegistryDirectory, RepositoryLister {
  // The largest page ListRepositories allows: one call per location for all but huge projects.
  private static final int PAGE_SIZE = 1000;

  private final GrpcApi api;

  ArtifactRegistryAdapter(GrpcApi api) {
    this.api = api;
  }

  @Override
  public Optional<RepositoryInfo> repository(RepositoryRef repo) {
    try {
      Repository r =
          api.call(
              ArtifactRegistryGrpc.getGetRepositoryMethod(),
              GetRepositoryRequest.newBuilder().setName(repo.resourceName()).build());
      return Optional.of(RepositoryDescriptions.info(repo, r));
    } catch (RuntimeException e) {
      InspectionFailure f =
          GoogleErrors.translate(
              e,
              ApiPermission.ARTIFACT_REGISTRY_GET_REPOSITORY,
              "GetRepository " + repo.resourceName());
      if (f.kind() == InspectionFailure.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw f;
    }
  }

  /**
   * ListRepositories takes one location only (a wildcard answers INVALID_ARGUMENT), so the
   * project's Artifact Registry locations are listed first and each is asked for the name.
   */
  @Override
  public List<RepositoryRef> sameNameElsewhere(RepositoryRef repo) {
    List<RepositoryRef> found = new ArrayList<>();
    for (String location : locations(repo.project())) {
      if (!location.equals(repo.location())) {
        RepositoryRef candidate = new RepositoryRef(repo.project(), location, repo.name());
        repository(candidate).map(RepositoryInfo::ref).ifPresent(found::add);
      }
    }
    return found;
  }

  @Override
  public List<String> locations(String project) {
    String name = "projects/" + project;
    List<String> locations = new ArrayList<>();
    try {
      for (Location l :
          api.listAll(
              Locations.LIST_LOCATIONS,
              page ->
                  ListLocationsRequest.newBuilder()
                      .setName(name)
                      .setPageSize(PAGE_SIZE)
                      .setPageToken(page)
                      .build(),
              ListLocationsResponse::getLocationsList,
              ListLocationsResponse::getNextPageToken)) {
        locations.add(l.getLocationId());
      }
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.ARTIFACT_REGISTRY_LIST_LOCATIONS, "ListLocations " + name);
    }
    return locations;
  }

  @Override
  public List<RepositoryInfo> dockerRepositories(String project, String location) {
    String parent = "projects/" + project + "/locations/" + location;
    List<RepositoryInfo> found = new ArrayList<>();
    try {
      for (Repository r :
          api.listAll(
              ArtifactRegistryGrpc.getListRepositoriesMethod(),
              page ->
                  ListRepositoriesRequest.newBuilder()
                      .setParent(parent)
                      .setPageSize(PAGE_SIZE)
                      .setPageToken(page)
                      .build(),
              ListRepositoriesResponse::getRepositoriesList,
              ListRepositoriesResponse::getNextPageToken)) {
        if (r.getFormat() == Repository.Format.DOCKER) {
          found.add(RepositoryDescriptions.info(RepositoryRef.fromResourceName(r.getName()), r));
        }
      }
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.ARTIFACT_REGISTRY_LIST_REPOSITORIES, "ListRepositories " + parent);
    }
    return found;
  }

  /**
   * Looks the version up by name, not by listing the repository: {@code GetTag} on {@code
   * …/packages/PKG/tags/TAG}, {@code GetDockerImage} on {@code …/dockerImages/IMG@sha256:…}, the
   * image path's {@code /} escaped as {@code %2F}
   * (https://cloud.google.com/artifact-registry/docs/reference/rpc/google.devtools.artifactregistry.v1).
   * NOT_FOUND means no such version (or no such package). A tag's {@code Tag.version} names the
   * version it points at, {@code …/packages/PKG/versions/sha256:…}: its digest; a digest's
   * DockerImage carries the manifest's media type.
   */
  @Override
  public Version version(RepositoryRef repo, String image, String version) {
    String escaped = image.replace("/", "%2F");
    boolean digest = version.startsWith("sha256:") || version.startsWith("sha512:");
    String name =
        digest
            ? repo.resourceName() + "/dockerImages/" + escaped + "@" + version
            : repo.resourceName() + "/packages/" + escaped + "/tags/" + version;
    try {
      if (digest) {
        DockerImage d =
            api.call(
                ArtifactRegistryGrpc.getGetDockerImageMethod(),
                GetDockerImageRequest.newBuilder().setName(name).build());
        return new Version(true, version, d.getMediaType().isEmpty() ? null : d.getMediaType());
      }
      Tag tag =
          api.call(
              ArtifactRegistryGrpc.getGetTagMethod(),
              GetTagRequest.newBuilder().setName(name).build());
      int at = tag.getVersion().lastIndexOf("/versions/");
      return new Version(
          true, at < 0 ? null : tag.getVersion().substring(at + "/versions/".length()), null);
    } catch (RuntimeException e) {
      InspectionFailure f =
          GoogleErrors.translate(
              e,
              digest
                  ? ApiPermission.ARTIFACT_REGISTRY_GET_DOCKER_IMAGE
                  : ApiPermission.ARTIFACT_REGISTRY_GET_TAG,
              (digest ? "GetDockerImage " : "GetTag ") + name);
      if (f.kind() == InspectionFailure.Kind.NOT_FOUND) {
        return Version.MISSING;
      }
      throw f;
    }
  }

  @Override
  public List<Binding> iamPolicy(RepositoryRef repo) {
    try {
      Policy policy =
          api.call(
              ArtifactRegistryGrpc.getGetIamPolicyMethod(), Policies.request(repo.resourceName()));
      return Policies.bindings(policy, "repository " + repo.name());
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.ARTIFACT_REGISTRY_GET_IAM_POLICY, "GetIamPolicy " + repo.resourceName());
    }
  }
}
