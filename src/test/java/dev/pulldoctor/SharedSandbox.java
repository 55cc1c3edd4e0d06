package dev.pulldoctor;

import dev.pulldoctor.gcp.GaxClients;
import dev.pulldoctor.gcp.GoogleClients;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.sandbox.World;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * One sandbox for the whole test run, for tests that go through the production adapters: {@link
 * #load} serves a world from the test resources, fresh from its file, in place of the previous one,
 * on the same port.
 */
public final class SharedSandbox {

  private static Sandbox current;

  private SharedSandbox() {}

  /** Serves the world at this class-path resource, e.g. {@code worlds/missing-reader.json}. */
  public static synchronized Sandbox load(String resource) {
    World world;
    try {
      var url = SharedSandbox.class.getClassLoader().getResource(resource);
      if (url == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      world = World.load(Path.of(url.toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(resource, e);
    }
    if (current != null) {
      current.load(world);
      return current;
    }
    try {
      current = Sandbox.start(world);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return current;
  }

  /** The sandbox serving the last world loaded. */
  public static synchronized Sandbox sandbox() {
    if (current == null) {
      throw new IllegalStateException("SharedSandbox.load(...) first");
    }
    return current;
  }

  /** Clients pointed at the sandbox serving the last world loaded. */
  public static GoogleClients clients() {
    return GoogleClients.sandbox(sandbox().endpoint());
  }

  /** Google's gax clients pointed at the sandbox serving the last world loaded. */
  public static GaxClients gax() {
    return GaxClients.sandbox(sandbox().endpoint());
  }
}
