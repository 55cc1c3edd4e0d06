package dev.pulldoctor.manifest;

/**
 * One container of a pod template, and where it is written.
 *
 * @param line the 1-based line of its {@code image}, where a fix would go
 */
public record Container(String name, String image, Role role, String file, int line) {

  /** Which list of the pod spec the container is in. */
  public enum Role {
    /** {@code spec.containers}. */
    CONTAINER,
    /** {@code spec.initContainers}: they pull before any container starts. */
    INIT,
    /** {@code spec.ephemeralContainers}: added to a running pod, e.g. by {@code kubectl debug}. */
    EPHEMERAL
  }

  public Container {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("container name is required");
    }
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("container " + name + " has no image");
    }
  }
}
