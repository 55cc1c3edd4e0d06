package dev.pulldoctor.cli;

import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.sandbox.World;
import dev.pulldoctor.sandbox.WorldException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pull-doctor sandbox}: serves a world on loopback until stopped. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a simulated Google Cloud control plane for a world file.",
      "On 127.0.0.1, plaintext gRPC: Container, Artifact Registry, IAM, IAM Credentials, Policy",
      "Troubleshooter, Resource Manager, Error Reporting, Cloud Functions; until SIGTERM or"
          + " Ctrl-C.",
      "The first line on stdout is PULL_DOCTOR_ENDPOINTS=127.0.0.1:PORT; logs go to stderr."
    },
    footer = {
      "",
      "Example:",
      "  pull-doctor sandbox --world ../shared/corpus/seed-world.json --port 0",
      "  # in another shell, with the printed line:",
      "  PULL_DOCTOR_ENDPOINTS=127.0.0.1:PORT pull-doctor diagnose ..."
    })
final class SandboxCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--world",
      required = true,
      paramLabel = "WORLD.json",
      description = "The world file (DESIGN.md §8 format).")
  Path world;

  @Option(
      names = "--port",
      defaultValue = "0",
      paramLabel = "N",
      description = "Port on 127.0.0.1; 0 (the default) picks a free one.")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    World loaded;
    try {
      loaded = World.load(world);
    } catch (WorldException e) {
      throw new OneLineErrors.BadInput(world + ": " + e.getMessage());
    }
    if (port < 0 || port > 65535) {
      throw new OneLineErrors.BadInput("--port must be between 0 and 65535, got " + port);
    }
    Sandbox sandbox;
    try {
      sandbox = Sandbox.start(loaded, port);
    } catch (IOException e) {
      throw new OneLineErrors.BadInput(
          "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.println("PULL_DOCTOR_ENDPOINTS=" + sandbox.endpoint());
    out.flush();
    err.println(
        "sandbox: serving "
            + world
            + " ("
            + loaded.projects().size()
            + " projects, caller "
            + loaded.caller()
            + ") on "
            + sandbox.endpoint()
            + "; stop with Ctrl-C or SIGTERM");
    err.flush();

    CountDownLatch stop = new CountDownLatch(1);
    // SIGTERM and SIGINT end the wait here, so the command returns and exits 0; the shutdown hook
    // still stops the server on any other way out (SIGHUP, System.exit elsewhere).
    boolean handled = Signals.onTermination(stop::countDown);
    Thread hook = new Thread(sandbox::close, "sandbox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (handled) {
      stop.await();
    } else {
      sandbox.awaitTermination();
    }
    sandbox.close();
    err.println("sandbox: stopped");
    err.flush();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is already exiting; the hook closes an already closed sandbox, which is harmless.
    }
    return PullDoctorCli.OK;
  }
}
