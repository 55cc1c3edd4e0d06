package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.devtools.artifactregistry.v1.DockerImage;
import com.google.devtools.artifactregistry.v1.Tag;
import dev.pulldoctor.gcp.GaxClients;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GetTag and GetDockerImage by name, with Google's name formats, errors and permissions. */
class SandboxLookupsTest {

  private static final String WORLD =
      """
      {"caller": "serviceAccount:pull-doctor@acme-ops.iam.gserviceaccount.com",
       "projects": {
        "acme-prod-417": {"number": "123456789012",
          "services": ["artifactregistry.googleapis.com"],
          "iamPolicy": [{"role": "roles/artifactregistry.reader",
                         "members": ["serviceAccount:pull-doctor@acme-ops.iam.gserviceaccount.com"]}],
          "repositories": {"us-central1/services": {"images": {
              "team/checkout": ["1.8.2", "1.8.1"], "cart": ["2.4.0"]}}}},
        "acme-other-421": {"number": "444444444444",
          "services": ["artifactregistry.googleapis.com"],
          "repositories": {"us-central1/services": {"images": {"cart": ["2.4.0"]}}}}}}
      """;
  private static final String REPO =
      "projects/acme-prod-417/locations/us-central1/repositories/services";

  private static Sandbox sandbox;
  private static ArtifactRegistryClient registry;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(World.parse(WORLD));
    registry = GaxClients.sandbox(sandbox.endpoint()).artifactRegistry();
  }

  @AfterAll
  static void stop() {
    registry.close();
    sandbox.close();
  }

  private static ApiException failure(Runnable call) {
    return catchThrowableOfType(ApiException.class, call::run);
  }

  @Test
  void getTag_findsATagOfAnImagePathWithSlashes_escapedAsGoogleDoes() {
    Tag tag = registry.getTag(REPO + "/packages/team%2Fcheckout/tags/1.8.2");

    assertThat(tag.getName()).isEqualTo(REPO + "/packages/team%2Fcheckout/tags/1.8.2");
    assertThat(tag.getVersion())
        .isEqualTo(
            REPO
                + "/packages/team%2Fcheckout/versions/"
                + ArtifactRegistryService.digest("team/checkout", "1.8.2"));
  }

  @Test
  void getDockerImage_findsTheImageAtItsDigest() {
    String digest = ArtifactRegistryService.digest("team/checkout", "1.8.1");

    DockerImage image = registry.getDockerImage(REPO + "/dockerImages/team%2Fcheckout@" + digest);

    assertThat(image.getTagsList()).containsExactly("1.8.1");
    assertThat(image.getUri())
        .isEqualTo("us-central1-docker.pkg.dev/acme-prod-417/services/team/checkout@" + digest);
    assertThat(image.getName()).isEqualTo(REPO + "/dockerImages/team%2Fcheckout@" + digest);
  }

  @Test
  void lookUps_answerAsArtifactRegistryDoes() {
    String cart = ArtifactRegistryService.digest("cart", "2.4.0");
    String other = "projects/acme-other-421/locations/us-central1/repositories/services";
    record Row(String what, Runnable call, StatusCode.Code code, String message) {}
    List<Row> rows =
        List.of(
            new Row(
                "a tag that does not exist",
                () -> registry.getTag(REPO + "/packages/cart/tags/9.9.9"),
                StatusCode.Code.NOT_FOUND,
                "Requested entity was not found."),
            new Row(
                "a package that does not exist",
                () -> registry.getTag(REPO + "/packages/nope/tags/1.0"),
                StatusCode.Code.NOT_FOUND,
                "Requested entity was not found."),
            new Row(
                "a digest that does not exist",
                () -> registry.getDockerImage(REPO + "/dockerImages/cart@sha256:" + "0".repeat(64)),
                StatusCode.Code.NOT_FOUND,
                "Requested entity was not found."),
            new Row(
                "a digest of another image",
                () -> registry.getDockerImage(REPO + "/dockerImages/team%2Fcheckout@" + cart),
                StatusCode.Code.NOT_FOUND,
                "Requested entity was not found."),
            new Row(
                "a docker image by tag",
                () -> registry.getDockerImage(REPO + "/dockerImages/cart:2.4.0"),
                StatusCode.Code.INVALID_ARGUMENT,
                "Request contains an invalid argument."),
            new Row(
                "an image path not escaped",
                () -> registry.getDockerImage(REPO + "/dockerImages/team/checkout@" + cart),
                StatusCode.Code.INVALID_ARGUMENT,
                "Request contains an invalid argument."),
            new Row(
                "a tag in a repository that does not exist",
                () ->
                    registry.getTag(
                        "projects/acme-prod-417/locations/us-central1/repositories/nope/packages/cart/tags/2.4.0"),
                StatusCode.Code.NOT_FOUND,
                "Requested entity was not found."),
            new Row(
                "a tag the caller may not read",
                () -> registry.getTag(other + "/packages/cart/tags/2.4.0"),
                StatusCode.Code.PERMISSION_DENIED,
                "Permission 'artifactregistry.tags.get' denied on resource"),
            new Row(
                "an image the caller may not read",
                () -> registry.getDockerImage(other + "/dockerImages/cart@" + cart),
                StatusCode.Code.PERMISSION_DENIED,
                "Permission 'artifactregistry.dockerimages.get' denied on resource"));
    List<String> wrong = new ArrayList<>();
    for (Row r : rows) {
      ApiException e = failure(r.call());
      if (e == null) {
        wrong.add(r.what() + ": answered");
      } else if (e.getStatusCode().getCode() != r.code() || !e.getMessage().contains(r.message())) {
        wrong.add(r.what() + ": " + e.getStatusCode().getCode() + " " + e.getMessage());
      }
    }
    assertThat(wrong).isEmpty();
  }
}
