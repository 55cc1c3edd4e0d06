package dev.pulldoctor;

import com.google.cloud.firestore.Firestore;
import dev.pulldoctor.report.FindingStores;
import dev.pulldoctor.setup.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Firestore emulator for tests: one per test JVM, started on first use with {@code gcloud
 * emulators firestore start} on a free port and stopped by a shutdown hook; or, when {@code
 * FIRESTORE_EMULATOR_HOST} is set, the emulator found there (started by CI or by hand).
 *
 * <pre>{@code
 * FirestoreEmulator emulator = FirestoreEmulator.get();
 * emulator.reset();                                   // in @BeforeEach: no data left over
 * FindingStore store = FindingStores.findings(config.store(), emulator.env(), emulator::client);
 * InvokedFunction.start(emulator.env());              // a child process on the same emulator
 * }</pre>
 *
 * <p>The emulator does not enforce composite indexes; {@code FirestoreIndexContractTest} covers
 * them.
 */
public final class FirestoreEmulator {
  /** The project the emulator's data lives in; a {@code demo-} project never reaches the cloud. */
  public static final String DEFAULT_PROJECT = FindingStores.EMULATOR_PROJECT;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Path LOG = Path.of("target", "firestore-emulator.log");
  private static FirestoreEmulator instance;

  private final String hostPort;
  private final String projectId;
  private final HttpClient http = HttpClient.newHttpClient();
  private Firestore client;

  private FirestoreEmulator(String hostPort, String projectId) {
    this.hostPort = hostPort;
    this.projectId = projectId;
  }

  /** The emulator of this JVM, started and ready. */
  public static synchronized FirestoreEmulator get() {
    if (instance == null) {
      String external = System.getenv("FIRESTORE_EMULATOR_HOST");
      String project = System.getenv().getOrDefault("GOOGLE_CLOUD_PROJECT", DEFAULT_PROJECT);
      if (external != null && !external.isBlank()) {
        instance = new FirestoreEmulator(external.strip(), project);
        instance.awaitReady(null);
      } else {
        instance = start();
      }
    }
    return instance;
  }

  /** {@code HOST:PORT} of the emulator. */
  public String hostPort() {
    return hostPort;
  }

  public String projectId() {
    return projectId;
  }

  /** What a child process needs in its environment to use this emulator. */
  public Map<String, String> env() {
    return Map.of("FIRESTORE_EMULATOR_HOST", hostPort, "GOOGLE_CLOUD_PROJECT", projectId);
  }

  /** A client of the {@code (default)} database, shared by the tests of this JVM; do not close. */
  public synchronized Firestore client() {
    if (client == null) {
      client = newClient("(default)");
    }
    return client;
  }

  /**
   * A new client of {@code databaseId}, set up as the function sets up its own; the caller closes
   * it.
   */
  public Firestore newClient(String databaseId) {
    return FindingStores.options(
            Config.from(Map.of("FIRESTORE_DATABASE", databaseId)).store(), env())
        .getService();
  }

  /**
   * Deletes every document of the {@code (default)} database, with the emulator's reset endpoint
   * (https://cloud.google.com/firestore/docs/emulator#clear_emulator_data).
   */
  public void reset() {
    String url =
        "http://"
            + hostPort
            + "/emulator/v1/projects/"
            + projectId
            + "/databases/(default)/documents";
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "emulator reset answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static FirestoreEmulator start() {
    int port = freePort();
    String hostPort = "127.0.0.1:" + port;
    System.err.println("firestore emulator: starting on " + hostPort + ", log in " + LOG);
    Process process;
    try {
      Files.createDirectories(LOG.getParent());
      ProcessBuilder pb =
          new ProcessBuilder(
              "gcloud", "emulators", "firestore", "start", "--host-port=" + hostPort);
      pb.environment().put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
      pb.redirectErrorStream(true);
      pb.redirectOutput(LOG.toFile());
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start 'gcloud emulators firestore start'", e);
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(process), "firestore-emulator-stop"));
    FirestoreEmulator emulator = new FirestoreEmulator(hostPort, DEFAULT_PROJECT);
    emulator.awaitReady(process);
    return emulator;
  }

  /** Polls the emulator's root, which answers {@code Ok} once it serves, printing progress. */
  private void awaitReady(Process process) {
    long started = System.nanoTime();
    long deadline = started + START_TIMEOUT.toNanos();
    long nextReport = started + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(
            "the Firestore emulator exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://" + hostPort + "/"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          System.err.printf(
              "firestore emulator: ready on %s after %d ms%n",
              hostPort, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the emulator", e);
      }
      long now = System.nanoTime();
      if (now > deadline) {
        throw new IllegalStateException(
            "the Firestore emulator on "
                + hostPort
                + " was not ready within "
                + START_TIMEOUT
                + (process == null ? "" : ":\n" + logTail()));
      }
      if (now > nextReport) {
        System.err.printf(
            "firestore emulator: waiting for %s (%d s)%n",
            hostPort, TimeUnit.NANOSECONDS.toSeconds(now - started));
        nextReport = now + TimeUnit.SECONDS.toNanos(5);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the emulator", e);
      }
    }
  }

  /**
   * Stops the {@code gcloud} wrapper and everything under it: killing the wrapper alone leaves the
   * emulator's own JVM running. The descendants are listed first, since they leave the tree once
   * their parent is gone.
   */
  private static void stop(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String logTail() {
    try {
      List<String> lines = Files.readAllLines(LOG);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
