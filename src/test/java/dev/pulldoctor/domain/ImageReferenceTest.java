package dev.pulldoctor.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.domain.ImageReference.Registry;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ImageReferenceTest {

  private static final String DIGEST =
      "sha256:4f380adfc10f4cd34f775ae57a17d2835385efd5251d6dfe0f246b0018fb0399";

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
"""
# reference | registry | host | location | project | repository | image | tag | digest
us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2 | ARTIFACT_REGISTRY | us-central1-docker.pkg.dev | us-central1 | acme-prod-417 | services | checkout | 1.8.2 | -
us-central1-docker.pkg.dev/acme-prod-417/services/checkout | ARTIFACT_REGISTRY | us-central1-docker.pkg.dev | us-central1 | acme-prod-417 | services | checkout | - | -
us-docker.pkg.dev/acme-prod-417/services/team/payments/api:2.0.1 | ARTIFACT_REGISTRY | us-docker.pkg.dev | us | acme-prod-417 | services | team/payments/api | 2.0.1 | -
europe-docker.pkg.dev/acme-eu-311/base/jre/temurin-17@sha256:4f380adfc10f4cd34f775ae57a17d2835385efd5251d6dfe0f246b0018fb0399 | ARTIFACT_REGISTRY | europe-docker.pkg.dev | europe | acme-eu-311 | base | jre/temurin-17 | - | sha256:4f380adfc10f4cd34f775ae57a17d2835385efd5251d6dfe0f246b0018fb0399
asia-northeast1-docker.pkg.dev/acme-apac-208/services/cart:0.9.1@sha256:4f380adfc10f4cd34f775ae57a17d2835385efd5251d6dfe0f246b0018fb0399 | ARTIFACT_REGISTRY | asia-northeast1-docker.pkg.dev | asia-northeast1 | acme-apac-208 | services | cart | 0.9.1 | sha256:4f380adfc10f4cd34f775ae57a17d2835385efd5251d6dfe0f246b0018fb0399
us-west1-docker.pkg.dev/example.com/acme-prod/services/checkout:1.0 | ARTIFACT_REGISTRY | us-west1-docker.pkg.dev | us-west1 | example.com:acme-prod | services | checkout | 1.0 | -
US-Central1-Docker.pkg.dev/acme-prod-417/services/checkout:1.8.2 | ARTIFACT_REGISTRY | us-central1-docker.pkg.dev | us-central1 | acme-prod-417 | services | checkout | 1.8.2 | -
us-central1-docker.pkg.dev/acme-prod-417/svc404/app:1.403 | ARTIFACT_REGISTRY | us-central1-docker.pkg.dev | us-central1 | acme-prod-417 | svc404 | app | 1.403 | -
gcr.io/acme-prod-417/checkout:1.8.2 | GCR | gcr.io | us | acme-prod-417 | gcr.io | checkout | 1.8.2 | -
us.gcr.io/acme-prod-417/team/checkout | GCR | us.gcr.io | us | acme-prod-417 | us.gcr.io | team/checkout | - | -
eu.gcr.io/acme-eu-311/checkout:latest | GCR | eu.gcr.io | europe | acme-eu-311 | eu.gcr.io | checkout | latest | -
asia.gcr.io/acme-apac-208/checkout@sha256:4f380adfc10f4cd34f775ae57a17d2835385efd5251d6dfe0f246b0018fb0399 | GCR | asia.gcr.io | asia | acme-apac-208 | asia.gcr.io | checkout | - | sha256:4f380adfc10f4cd34f775ae57a17d2835385efd5251d6dfe0f246b0018fb0399
gcr.io/example.com/proj/img | GCR | gcr.io | us | example.com:proj | gcr.io | img | - | -
gcr.io/google.com/cloudsdktool/google-cloud-cli:latest | GCR | gcr.io | us | google.com:cloudsdktool | gcr.io | google-cloud-cli | latest | -
nginx | OTHER | docker.io | - | - | - | nginx | - | -
library/nginx:1.25 | OTHER | docker.io | - | - | - | library/nginx | 1.25 | -
docker.io/library/nginx:1.25 | OTHER | docker.io | - | - | - | library/nginx | 1.25 | -
registry.local:5000/team/app:1 | OTHER | registry.local:5000 | - | - | - | team/app | 1 | -
localhost:5000/app | OTHER | localhost:5000 | - | - | - | app | - | -
ghcr.io/acme/kubestr:latest | OTHER | ghcr.io | - | - | - | acme/kubestr | latest | -
docker.pkg.dev/acme-prod-417/services/checkout:1.8.2 | OTHER | docker.pkg.dev | - | - | - | acme-prod-417/services/checkout | 1.8.2 | -
""")
  void parse_splitsReferenceIntoItsParts(
      String reference,
      Registry registry,
      String host,
      String location,
      String project,
      String repository,
      String image,
      String tag,
      String digest) {
    ImageReference parsed = ImageReference.parse(reference);

    assertThat(parsed)
        .isEqualTo(
            new ImageReference(
                reference, registry, host, location, project, repository, image, tag, digest));
  }

  static Stream<String> garbage() {
    return Stream.of(
        null,
        "",
        "   ",
        "us-docker.pkg.dev/acme/ser vices/app:1",
        "us-docker.pkg.dev/acme/services/app\u0000:1",
        "\u0007nginx",
        "us-docker.pkg.dev/acme/services/app\u00e9:1",
        "us-docker.pkg.dev/acme/services/app@sha256:abc",
        "us-docker.pkg.dev/acme/services/app@" + DIGEST.toUpperCase(),
        "us-docker.pkg.dev/acme/services/app@md5:0123456789abcdef0123456789abcdef",
        "us-docker.pkg.dev/acme/services/app@",
        "us-docker.pkg.dev/acme/services/app:",
        "us-docker.pkg.dev/acme/services/app:-bad",
        "us-docker.pkg.dev/acme/Services/app:1",
        "us-docker.pkg.dev/acme/services/App:1",
        "us-docker.pkg.dev/acme/services",
        "us-docker.pkg.dev/acme/services:1.0",
        "us-docker.pkg.dev/acme",
        "us-docker.pkg.dev/example.com/acme/services",
        "us-docker.pkg.dev//services/app",
        "us-docker.pkg.dev/acme/services/app/",
        "gcr.io/acme-prod-417",
        "gcr.io/example.com/proj",
        "gcr.io/",
        "reg_istry.local:5000/team/app",
        "gcr.io/acme/" + "a".repeat(3000));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("garbage")
  void parse_rejectsWhatIsNoImageReference(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_rejectsA3000CharacterString() {
    assertThatThrownBy(() -> ImageReference.parse("x".repeat(3000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
  }

  @Test
  void repositoryRef_namesTheRepositoryThatServesAnArtifactRegistryImage() {
    ImageReference image =
        ImageReference.parse("us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2");

    assertThat(image.inScope()).isTrue();
    assertThat(image.repositoryRef().resourceName())
        .isEqualTo("projects/acme-prod-417/locations/us-central1/repositories/services");
    assertThat(image.version()).isEqualTo("1.8.2");
  }

  @Test
  void repositoryRef_namesTheGcrRepositoryAfterItsHost() {
    ImageReference image = ImageReference.parse("eu.gcr.io/example.com/proj/img@" + DIGEST);

    assertThat(image.repositoryRef())
        .isEqualTo(new RepositoryRef("example.com:proj", "europe", "eu.gcr.io"));
    assertThat(image.version()).isEqualTo(DIGEST);
  }

  @Test
  void version_isLatest_whenNeitherTagNorDigestIsGiven() {
    assertThat(ImageReference.parse("gcr.io/acme-prod-417/checkout").version()).isEqualTo("latest");
  }

  @Test
  void repositoryRef_refuses_forAnImageOutOfScope() {
    ImageReference image = ImageReference.parse("registry.local:5000/team/app:1");

    assertThat(image.inScope()).isFalse();
    assertThatThrownBy(image::repositoryRef).isInstanceOf(IllegalStateException.class);
  }
}
