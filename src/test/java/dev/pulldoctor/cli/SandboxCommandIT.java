package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import dev.pulldoctor.gcp.GaxClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar itself: {@code java -jar target/pull-doctor.jar sandbox} serves the official
 * clients of another process and stops cleanly on SIGTERM. Runs after {@code package}
 * (maven-failsafe), which sets {@code pullDoctor.jar}.
 */
class SandboxCommandIT {

  private static final Path JAR =
      Path.of(System.getProperty("pullDoctor.jar", "target/pull-doctor.jar"));
  private static final Path SEED = Path.of("src/test/resources/worlds/seed-world.json");
  private static final String REPO =
      "projects/acme-prod-417/locations/us-central1/repositories/services";

  @TempDir Path dir;
  private Process process;
  private Path stderr;

  /** Starts the jar; its stderr goes to a file, since Process.destroy() closes the pipes. */
  private Process start(Path world) throws IOException {
    assertThat(JAR).as("the shaded jar; run mvn verify").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    stderr = dir.resolve("stderr.txt");
    process =
        new ProcessBuilder(
                java, "-jar", JAR.toString(), "sandbox", "--world", world.toString(), "--port", "0")
            .redirectError(stderr.toFile())
            .start();
    return process;
  }

  @AfterEach
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Test
  void servesTheOfficialClientsOfAnotherProcess_andStopsCleanlyOnSigterm() throws Exception {
    Process p = start(SEED);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));

    String first = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
    assertThat(first).matches("PULL_DOCTOR_ENDPOINTS=127\\.0\\.0\\.1:\\d+");
    String endpoint = first.substring(first.indexOf('=') + 1);
    int port = Integer.parseInt(endpoint.substring(endpoint.indexOf(':') + 1));

    try (ArtifactRegistryClient registry = GaxClients.sandbox(endpoint).artifactRegistry()) {
      assertThat(registry.getRepository(REPO).getName()).isEqualTo(REPO);
    }

    p.destroy(); // SIGTERM
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readString(stderr)).contains("sandbox: stopped");
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void malformedWorld_exits2_withOneLineAndNoStackTrace() throws Exception {
    Path world = dir.resolve("bad.json");
    Files.writeString(world, "{\"caller\": \"user:alice@example.com\", \"projects\": {\"p\": []}}");
    Process p = start(world);

    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> err = Files.readAllLines(stderr);

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(read(p.getInputStream())).isEmpty();
    assertThat(err)
        .containsExactly(
            "pull-doctor sandbox: "
                + world
                + ": $.projects.p: not a project id"
                + " (6-30 lowercase letters, digits or hyphens)");
  }

  private static String readLine(BufferedReader r) {
    try {
      return r.readLine();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
