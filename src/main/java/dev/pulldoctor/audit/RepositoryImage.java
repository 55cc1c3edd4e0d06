package dev.pulldoctor.audit;

import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.Optional;

/**
 * The image reference that stands for "any image of this repository": the decision rules and the
 * advice read the repository, host and location of an image, and an audit pair has no image.
 */
final class RepositoryImage {
  /** The image path that stands for every image of the repository. */
  static final String ANY = "*";

  private RepositoryImage() {}

  static ImageReference of(RepositoryRef repo) {
    // gcr.io hosts are served by repositories named after them, in their multi-region.
    Optional<String> gcr = ImageReference.gcrLocation(repo.name());
    if (gcr.isPresent() && gcr.get().equals(repo.location())) {
      return new ImageReference(
          repo.name() + "/" + repo.project(),
          ImageReference.Registry.GCR,
          repo.name(),
          repo.location(),
          repo.project(),
          repo.name(),
          ANY,
          null,
          null);
    }
    String host = repo.location() + "-docker.pkg.dev";
    return new ImageReference(
        host + "/" + repo.project() + "/" + repo.name(),
        ImageReference.Registry.ARTIFACT_REGISTRY,
        host,
        repo.location(),
        repo.project(),
        repo.name(),
        ANY,
        null,
        null);
  }
}
