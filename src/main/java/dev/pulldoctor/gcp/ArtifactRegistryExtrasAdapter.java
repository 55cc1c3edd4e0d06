package dev.pulldoctor.gcp;

import com.google.devtools.artifactregistry.v1.ArtifactRegistryGrpc;
import com.google.devtools.artifactregistry.v1.DockerImage;
import com.google.devtools.artifactregistry.v1.GetDockerImageRequest;
import com.google.devtools.artifactregistry.v1.GetVPCSCConfigRequest;
import com.google.devtools.artifactregistry.v1.ListRulesRequest;
import com.google.devtools.artifactregistry.v1.ListRulesResponse;
import com.google.devtools.artifactregistry.v1.Rule;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.ModePorts.DownloadRule;
import dev.pulldoctor.diagnose.ModePorts.RegistryExtras;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link RegistryExtras} over Artifact Registry v1: rules, VPC-SC configs and manifest media types.
 */
final class ArtifactRegistryExtrasAdapter implements RegistryExtras {
  private final GrpcApi api;

  ArtifactRegistryExtrasAdapter(GrpcApi api) {
    this.api = api;
  }

  @Override
  public List<DownloadRule> rules(RepositoryRef repo) {
    try {
      List<DownloadRule> out = new ArrayList<>();
      for (Rule r :
          api.listAll(
              ArtifactRegistryGrpc.getListRulesMethod(),
              page ->
                  ListRulesRequest.newBuilder()
                      .setParent(repo.resourceName())
                      .setPageToken(page)
                      .build(),
              ListRulesResponse::getRulesList,
              ListRulesResponse::getNextPageToken)) {
        out.add(
            new DownloadRule(
                r.getName(),
                r.getAction().name(),
                r.getOperation().name(),
                r.getPackageId(),
                r.hasCondition() ? r.getCondition().getExpression() : null));
      }
      return out;
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.ARTIFACT_REGISTRY_LIST_RULES, "ListRules " + repo.resourceName());
    }
  }

  /**
   * {@code GetVPCSCConfig} on {@code projects/P/locations/L/vpcscConfig} (googleapis
   * google/devtools/artifactregistry/v1/vpcsc_config.proto): the policy by its enum name. Google
   * documents the unset policy as behaving as DENY inside a perimeter, which Pull Doctor cannot
   * see, so it is passed on as {@code VPCSC_POLICY_UNSPECIFIED} for the rules to weigh
   * (https://cloud.google.com/artifact-registry/docs/repositories/remote-repo#vpc).
   */
  @Override
  public String vpcscPolicy(String project, String location) {
    String name = "projects/" + project + "/locations/" + location + "/vpcscConfig";
    try {
      return api.call(
              ArtifactRegistryGrpc.getGetVPCSCConfigMethod(),
              GetVPCSCConfigRequest.newBuilder().setName(name).build())
          .getVpcscPolicy()
          .name();
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.ARTIFACT_REGISTRY_GET_VPCSC_CONFIG, "GetVPCSCConfig " + name);
    }
  }

  /**
   * {@code GetDockerImage} on {@code …/dockerImages/IMAGE@sha256:…}, the image path's {@code /}
   * escaped as {@code %2F}: the image by name, not by paging the repository's images (DESIGN.md
   * §10;
   * https://cloud.google.com/artifact-registry/docs/reference/rest/v1/projects.locations.repositories.dockerImages/get).
   */
  @Override
  public Optional<String> mediaType(RepositoryRef repo, String image, String digest) {
    String name = repo.resourceName() + "/dockerImages/" + image.replace("/", "%2F") + "@" + digest;
    try {
      DockerImage d =
          api.call(
              ArtifactRegistryGrpc.getGetDockerImageMethod(),
              GetDockerImageRequest.newBuilder().setName(name).build());
      return d.getMediaType().isEmpty() ? Optional.empty() : Optional.of(d.getMediaType());
    } catch (RuntimeException e) {
      InspectionFailure f =
          GoogleErrors.translate(
              e, ApiPermission.ARTIFACT_REGISTRY_GET_DOCKER_IMAGE, "GetDockerImage " + name);
      if (f.kind() == InspectionFailure.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw f;
    }
  }
}
