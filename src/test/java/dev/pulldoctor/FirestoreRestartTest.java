package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.report.FindingStores;
import dev.pulldoctor.report.StructuredLog;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Firestore emulator is stopped and restarted in the middle of a stream of events: deliveries
 * that fail meanwhile throw and are redelivered, as Eventarc does, and in the end every event is
 * counted exactly once. The emulator keeps its data in memory, so the restart carries the data over
 * with its export and import endpoints — as Firestore itself keeps its data through an outage.
 */
class FirestoreRestartTest {
  static final String PROJECT = "demo-pull-doctor-restart";
  static final int EVENTS = 120;

  @Test
  void anEmulatorRestartMidRun_losesNothingAfterRedelivery() throws Exception {
    int port = freePort();
    Path exports = Files.createTempDirectory("firestore-export-");
    Process emulator = start(port, null);
    Config config = Config.defaultsOnly();
    Map<String, String> env =
        Map.of("FIRESTORE_EMULATOR_HOST", "127.0.0.1:" + port, "GOOGLE_CLOUD_PROJECT", PROJECT);
    Firestore client = FindingStores.options(config.store(), env).getService();
    SharedSandbox.load("worlds/five-repositories.json");
    String[] repos = {"services", "web", "api", "batch", "tools"};
    ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    AtomicInteger done = new AtomicInteger();
    ExecutorService deliveries = Executors.newFixedThreadPool(4);
    try (Engine engine = new Engine(config, SharedSandbox.clients(), Clock.systemUTC())) {
      IncidentRepository store =
          FindingStores.incidents(
              config.store().withIncidentWriteInterval(Duration.ofMillis(20)), env);
      StructuredLog quiet = new StructuredLog(new PrintStream(OutputStream.nullOutputStream()));
      PullDoctorFunction function =
          new PullDoctorFunction(
              Wiring.handler(config, engine, store, "acme-ops", quiet, Clock.systemUTC()),
              quiet,
              Duration.ofHours(1),
              Clock.systemUTC());
      List<Future<?>> streams = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        streams.add(
            deliveries.submit(
                () -> {
                  for (int i = 0; i < EVENTS / 4; i++) {
                    var event =
                        FindingsEndToEndTest.seedEvent(
                            "restart-" + thread + "-" + i,
                            repos[(thread + i) % 5],
                            "checkout-7d9c8b6f4-q2xnv");
                    while (true) {
                      gate.readLock().lock();
                      try {
                        function.accept(event);
                        break;
                      } catch (Exception failedDelivery) {
                        // Eventarc redelivers a delivery that threw.
                      } finally {
                        gate.readLock().unlock();
                      }
                      Thread.sleep(200); // Eventarc's back-off, shortened
                    }
                    done.incrementAndGet();
                  }
                  return null;
                }));
      }
      while (done.get() < EVENTS / 3) {
        Thread.sleep(20);
      }
      // Snapshot and stop between transactions, then leave the emulator down for a while.
      gate.writeLock().lock();
      int doneAtStop = done.get();
      Path export;
      try {
        export = exportTo(port, exports);
        stop(emulator);
      } finally {
        gate.writeLock().unlock();
      }
      Thread.sleep(2000);
      emulator = start(port, export);
      for (Future<?> stream : streams) {
        stream.get(4, TimeUnit.MINUTES);
      }

      List<QueryDocumentSnapshot> findings =
          client.collection("pullFindings").get().get().getDocuments();
      assertThat(findings).hasSize(5);
      assertThat(findings.stream().mapToLong(d -> d.getLong("occurrences")).sum())
          .isEqualTo(EVENTS);
      assertThat(client.collection("pullEvents").get().get().size()).isEqualTo(EVENTS);
      // Deliveries during the outage either failed and were redelivered, or waited in the
      // client's own retries; either way the stream went on across the restart.
      assertThat(doneAtStop).as("events done before the restart").isLessThan(EVENTS);
    } finally {
      deliveries.shutdownNow();
      client.close();
      stop(emulator);
    }
  }

  private static Process start(int port, Path importMetadata) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of("gcloud", "emulators", "firestore", "start", "--host-port=127.0.0.1:" + port));
    if (importMetadata != null) {
      command.add("--import-data=" + importMetadata);
    }
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(Path.of("target", "firestore-restart-emulator.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return p;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the emulator did not start on port " + port);
  }

  /** The emulator's export endpoint; answers the metadata file to import. */
  private static Path exportTo(int port, Path dir) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/emulator/v1/projects/"
                                + PROJECT
                                + ":export"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"database\":\"projects/"
                                + PROJECT
                                + "/databases/(default)\",\"export_directory\":\""
                                + dir
                                + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".overall_export_metadata"))
          .findFirst()
          .orElseThrow();
    }
  }

  /** Stops the gcloud wrapper and the emulator's JVM under it, by process id. */
  private static void stop(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
