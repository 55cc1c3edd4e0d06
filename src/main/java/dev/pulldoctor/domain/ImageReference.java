package dev.pulldoctor.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed container image reference, with the Artifact Registry repository that serves it when
 * there is one.
 *
 * <p>{@code LOCATION-docker.pkg.dev/PROJECT/REPO/IMAGE[:TAG|@DIGEST]} names its repository
 * directly; {@code gcr.io}, {@code us.gcr.io}, {@code eu.gcr.io} and {@code asia.gcr.io} are served
 * by repositories named after the host
 * (https://cloud.google.com/artifact-registry/docs/transition/gcr-repositories). Anything else
 * (Docker Hub short names, other registries) is {@link Registry#OTHER}: out of scope, not an error.
 */
public record ImageReference(
    String raw,
    Registry registry,
    String host,
    String location,
    String project,
    String repository,
    String image,
    String tag,
    String digest) {

  /** Which kind of registry serves the image. */
  public enum Registry {
    /** {@code *-docker.pkg.dev}. */
    ARTIFACT_REGISTRY,
    /** A {@code gcr.io} host, served by an Artifact Registry repository named after it. */
    GCR,
    /** Any other registry: Pull Doctor does not diagnose it. */
    OTHER
  }

  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]{1,5})?");
  private static final Pattern AR_HOST = Pattern.compile("([a-z0-9-]+)-docker\\.pkg\\.dev");
  private static final int MAX_LENGTH = 2048;

  public ImageReference {
    requireText(raw, "raw");
    if (registry == null) {
      throw new IllegalArgumentException("registry is required");
    }
    requireText(host, "host");
    requireText(image, "image");
    if (registry != Registry.OTHER) {
      requireText(location, "location");
      requireText(project, "project");
      requireText(repository, "repository");
    }
  }

  /** Parses {@code text}, or says why it is not an image reference. */
  public static ImageReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("image reference is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "image reference is longer than " + MAX_LENGTH + " characters");
    }
    String raw = text.strip();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "image reference holds a control or non-ASCII character");
      }
    }
    String rest = raw;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw new IllegalArgumentException("bad digest in image reference: " + digest);
      }
    }
    String host = "docker.io";
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        host = first;
        rest = rest.substring(slash + 1);
      }
    }
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("bad registry host in image reference: " + host);
    }
    String tag = null;
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.indexOf(':', lastSlash + 1);
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("bad tag in image reference: " + tag);
      }
    }
    String[] path = rest.split("/", -1);
    for (String component : path) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException(
            "bad path component in image reference: '" + component + "'");
      }
    }
    String lowerHost = host.toLowerCase(Locale.ROOT);
    // Domain-scoped projects (example.com:project) are written with a '/' for the ':', on both
    // kinds of host: https://cloud.google.com/artifact-registry/docs/docker/names#domain
    int projectParts = path[0].contains(".") ? 2 : 1;
    var ar = AR_HOST.matcher(lowerHost);
    if (ar.matches()) {
      if (path.length < projectParts + 2) {
        throw new IllegalArgumentException(
            "an Artifact Registry image needs PROJECT/REPOSITORY/IMAGE after the host: " + raw);
      }
      return new ImageReference(
          raw,
          Registry.ARTIFACT_REGISTRY,
          lowerHost,
          ar.group(1),
          project(path, projectParts),
          path[projectParts],
          join(path, projectParts + 1),
          tag,
          digest);
    }
    Optional<String> gcrLocation = gcrLocation(lowerHost);
    if (gcrLocation.isPresent()) {
      if (path.length < projectParts + 1) {
        throw new IllegalArgumentException(
            "a gcr.io image needs PROJECT/IMAGE after the host: " + raw);
      }
      return new ImageReference(
          raw,
          Registry.GCR,
          lowerHost,
          gcrLocation.get(),
          project(path, projectParts),
          lowerHost,
          join(path, projectParts),
          tag,
          digest);
    }
    return new ImageReference(
        raw, Registry.OTHER, lowerHost, null, null, null, String.join("/", path), tag, digest);
  }

  /** The Artifact Registry location that serves a gcr.io host, if {@code host} is one. */
  public static Optional<String> gcrLocation(String host) {
    return switch (host) {
      case "gcr.io", "us.gcr.io" -> Optional.of("us");
      case "eu.gcr.io" -> Optional.of("europe");
      case "asia.gcr.io" -> Optional.of("asia");
      default -> Optional.empty();
    };
  }

  /** True when an Artifact Registry repository serves this image. */
  public boolean inScope() {
    return registry != Registry.OTHER;
  }

  /** The repository serving this image; only for images in scope. */
  public RepositoryRef repositoryRef() {
    if (!inScope()) {
      throw new IllegalStateException("not served by Artifact Registry: " + raw);
    }
    return new RepositoryRef(project, location, repository);
  }

  /** The tag or digest that was asked for; {@code latest} when neither was given. */
  public String version() {
    return digest != null ? digest : tag != null ? tag : "latest";
  }

  private static String project(String[] path, int projectParts) {
    return projectParts == 2 ? path[0] + ":" + path[1] : path[0];
  }

  private static String join(String[] parts, int from) {
    return String.join("/", java.util.Arrays.copyOfRange(parts, from, parts.length));
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
  }
}
