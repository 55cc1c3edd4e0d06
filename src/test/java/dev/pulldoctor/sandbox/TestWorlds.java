package dev.pulldoctor.sandbox;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The worlds under {@code src/test/resources/worlds}. */
final class TestWorlds {

  static final String PULL_DOCTOR = "pull-doctor@acme-ops.iam.gserviceaccount.com";

  private TestWorlds() {}

  static Path path(String name) {
    try {
      return Path.of(TestWorlds.class.getResource("/worlds/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("no test world " + name, e);
    }
  }

  static World load(String name) {
    return World.load(path(name));
  }
}
