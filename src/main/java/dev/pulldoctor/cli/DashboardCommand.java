package dev.pulldoctor.cli;

import dev.pulldoctor.dashboard.DashboardServer;
import dev.pulldoctor.report.FindingStore;
import java.awt.Desktop;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pull-doctor dashboard}: serves the read-only incidents dashboard on loopback. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a read-only web page of the incidents in Firestore.",
      "The collection pullFindings, on http://127.0.0.1:PORT/ until SIGTERM or Ctrl-C: counts of"
          + " open incidents by root",
      "cause and by cluster, occurrences over time, the incidents table, and each incident's",
      "evidence and exact fix. JSON at /api/incidents, /api/incidents/{id} and /api/summary.",
      "Reads Firestore with Application Default Credentials, or the emulator when",
      "FIRESTORE_EMULATOR_HOST is set. The first line on stdout is the URL."
    },
    footer = {
      "",
      "Examples:",
      "  pull-doctor dashboard                       # http://127.0.0.1:8090/",
      "  pull-doctor dashboard --port 0 --open       # a free port, opened in the browser",
      "  FIRESTORE_EMULATOR_HOST=127.0.0.1:8681 GOOGLE_CLOUD_PROJECT=demo \\",
      "      pull-doctor dashboard                   # over the Firestore emulator"
    })
final class DashboardCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8090",
      paramLabel = "N",
      description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}); 0 picks a free one.")
  int port;

  @Option(names = "--open", description = "Open the page in the desktop's browser.")
  boolean open;

  /** Counted down to stop serving: by SIGTERM/SIGINT, or by a test. */
  final CountDownLatch stop = new CountDownLatch(1);

  private final Supplier<FindingStore> stores;
  private final Consumer<Runnable> onTermination;

  /** As picocli builds it: the findings in Firestore, stopped by SIGTERM or Ctrl-C. */
  DashboardCommand() {
    this(DashboardCommand::firestoreStore, Signals::onTermination);
  }

  /**
   * Over the store {@code stores} gives; {@code onTermination} installs the stop action (tests
   * leave their JVM's signals alone and count {@link #stop} down themselves).
   */
  DashboardCommand(Supplier<FindingStore> stores, Consumer<Runnable> onTermination) {
    this.stores = stores;
    this.onTermination = onTermination;
  }

  /**
   * The store seam: the Firestore adapter of {@link FindingStore} — real Firestore with Application
   * Default Credentials, or the emulator when {@code FIRESTORE_EMULATOR_HOST} is set.
   */
  static FindingStore firestoreStore() {
    return CloudAccess.findingStore();
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new OneLineErrors.BadInput("--port must be between 0 and 65535, got " + port);
    }
    FindingStore store = stores.get();
    DashboardServer server;
    try {
      server = DashboardServer.start(store, port);
    } catch (IOException e) {
      throw new OneLineErrors.BadInput(
          "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.println(server.url());
    out.flush();
    err.println("dashboard: serving " + server.url() + "; stop with Ctrl-C or SIGTERM");
    err.flush();
    if (open) {
      openBrowser(server.url(), err);
    }

    // As in SandboxCommand: SIGTERM and SIGINT end the wait so the command exits 0; the hook
    // still stops the server on any other way out.
    onTermination.accept(stop::countDown);
    Thread hook = new Thread(server::close, "dashboard-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stop.await();
    } finally {
      server.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting already; the hook closes a closed server, which is harmless.
      }
    }
    err.println("dashboard: stopped");
    err.flush();
    return PullDoctorCli.OK;
  }

  /** Best effort: a server without a desktop still serves, and the URL is on stdout anyway. */
  private static void openBrowser(URI url, PrintWriter err) {
    try {
      if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(url);
        return;
      }
      new ProcessBuilder("xdg-open", url.toString()).inheritIO().start();
    } catch (IOException | RuntimeException e) {
      err.println("dashboard: could not open a browser (" + e.getMessage() + "); open " + url);
      err.flush();
    }
  }
}
