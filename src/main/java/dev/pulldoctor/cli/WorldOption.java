package dev.pulldoctor.cli;

import dev.pulldoctor.gcp.GoogleClients;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.sandbox.World;
import dev.pulldoctor.sandbox.WorldException;
import dev.pulldoctor.setup.Config;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --world FILE}: run against a sandbox world started in this process; {@code --endpoints
 * HOST:PORT}, or else {@code PULL_DOCTOR_ENDPOINTS}, against a sandbox already running; without
 * any, real Google Cloud with Application Default Credentials.
 */
final class WorldOption {
  @Option(
      names = "--world",
      paramLabel = "WORLD.json",
      description =
          "Run against a sandbox world (a simulated GCP control plane) instead of"
              + " Google Cloud.")
  Path world;

  @Option(
      names = "--endpoints",
      paramLabel = "HOST:PORT",
      description =
          "Run against a sandbox already serving at HOST:PORT (what 'pull-doctor sandbox'"
              + " prints; the same as PULL_DOCTOR_ENDPOINTS).")
  String endpoints;

  /** Where the Google clients go; closing it stops an in-process sandbox. */
  interface Target extends AutoCloseable {
    GoogleClients clients();

    @Override
    void close();
  }

  Target open() {
    if (world != null && endpoints != null) {
      throw new OneLineErrors.BadInput("--world and --endpoints name two sandboxes: give one");
    }
    if (world == null) {
      GoogleClients clients =
          endpoints != null
              ? GoogleClients.sandbox(endpoints)
              : GoogleClients.from(Config.fromEnvironment().gcp());
      if (!clients.isSandbox()) {
        CloudAccess.requireCredentials("use --world WORLD.json to run against a sandbox world");
      }
      return new Target() {
        public GoogleClients clients() {
          return clients;
        }

        public void close() {}
      };
    }
    World loaded;
    try {
      loaded = World.load(world);
    } catch (WorldException e) {
      throw new OneLineErrors.BadInput(world + ": " + e.getMessage());
    }
    Sandbox sandbox;
    try {
      sandbox = Sandbox.start(loaded);
    } catch (IOException e) {
      throw new OneLineErrors.BadInput("cannot start the sandbox: " + e.getMessage());
    }
    GoogleClients clients = GoogleClients.sandbox(sandbox.endpoint());
    return new Target() {
      public GoogleClients clients() {
        return clients;
      }

      public void close() {
        sandbox.close();
      }
    };
  }
}
