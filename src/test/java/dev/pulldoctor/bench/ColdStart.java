package dev.pulldoctor.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One cold start: a fresh JVM runs the real {@code java-function-invoker} with a function, and the
 * clock runs from just before the process is started until the function has answered the seed
 * CloudEvent (POSTed as soon as the port takes connections) with a 2xx status. Pull Doctor writes
 * its finding before it answers; the caller checks that it is there.
 */
final class ColdStart {
  static final Path INVOKER = Path.of("target/invoker/java-function-invoker.jar");

  /** The CLI's jar: the sandbox server runs from it. */
  static final Path JAR = Path.of("target/pull-doctor.jar");

  /**
   * The function's own jar, what the deployed zip holds: the cold-started functions run from it.
   */
  static final Path FUNCTION_JAR = Path.of("target/pull-doctor-function.jar");

  static final Path TEST_CLASSES = Path.of("target/test-classes");

  /** A function under the invoker: its class path, entry point, environment and JVM options. */
  record Target(
      String name,
      String classpath,
      String entryPoint,
      Map<String, String> env,
      List<String> jvmOptions) {}

  private static final long TIMEOUT_NANOS = 120_000_000_000L;

  private final Path logs;

  /** The cores each function may run on, or 0 for all of the machine's. */
  private final int cpus;

  /** CPU time (user + system, all threads) the last run's process had used when it answered. */
  private long lastCpuMs = -1;

  ColdStart(Path logs) {
    this(logs, 0);
  }

  /**
   * Cold starts with each function pinned to {@code cpus} cores ({@code taskset}; the JVM then
   * sizes its GC and JIT threads for them, as on a Cloud Run instance of that many vCPUs), or to
   * none when 0.
   */
  ColdStart(Path logs, int cpus) {
    this.logs = logs;
    this.cpus = cpus;
  }

  /** Milliseconds from process start to the 2xx answer of the event with {@code eventId}. */
  double run(Target target, String eventId, int run) throws Exception {
    return run(target, eventId, run, List.of());
  }

  /** As {@link #run(Target, String, int)}, with extra JVM options for this run only. */
  double run(Target target, String eventId, int run, List<String> extraOptions) throws Exception {
    int port = freePort();
    List<String> command = new ArrayList<>();
    if (cpus > 0) {
      command.addAll(List.of("taskset", "-c", cpus == 1 ? "0" : "0-" + (cpus - 1)));
    }
    command.add(Children.java());
    command.addAll(target.jvmOptions());
    command.addAll(extraOptions);
    command.addAll(
        List.of(
            "-jar",
            INVOKER.toString(),
            "--classpath",
            target.classpath(),
            "--target",
            target.entryPoint(),
            "--port",
            String.valueOf(port)));
    Path log = logs.resolve("cold-" + target.name() + "-run" + run + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(target.env());
    byte[] event =
        BenchEvents.seedStructured(eventId, Instant.now()).getBytes(StandardCharsets.UTF_8);

    long start = System.nanoTime();
    Process process = Children.start(pb);
    try {
      int status = postWhenListening(process, port, event, log);
      long elapsed = System.nanoTime() - start;
      lastCpuMs = process.toHandle().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
      if (status / 100 != 2) {
        throw new IllegalStateException(
            target.name() + " answered " + status + ":\n" + Children.tail(log));
      }
      return elapsed / 1e6;
    } finally {
      Children.stop(process);
    }
  }

  /**
   * Tries to connect every few milliseconds (a refused connection costs microseconds, so the
   * polling hardly competes with the starting JVM), then sends the event over HTTP/1.1 and reads
   * the status line.
   */
  private static int postWhenListening(Process process, int port, byte[] body, Path log)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        socket.setSoTimeout(120_000);
        return post(socket, port, body);
      } catch (ConnectException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the invoker exited:\n" + Children.tail(log));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no answer within 120 s:\n" + Children.tail(log));
        }
        Thread.sleep(5);
      }
    }
  }

  private static int post(Socket socket, int port, byte[] body) throws IOException {
    OutputStream out = socket.getOutputStream();
    String head =
        "POST / HTTP/1.1\r\n"
            + "Host: 127.0.0.1:"
            + port
            + "\r\n"
            + "Content-Type: application/cloudevents+json\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n"
            + "Connection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    String status =
        new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
            .readLine();
    if (status == null || !status.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + status);
    }
    return Integer.parseInt(status.split(" ")[1]);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** What to do around each run of a target, e.g. empty the emulator, then check the finding. */
  interface Hooks {
    void before(Target target, int run) throws Exception;

    void after(Target target, int run) throws Exception;
  }

  /**
   * {@code runs} measured runs of each target, alternating (A B C A B C …) so that a slower spell
   * of the shared machine hits all of them, after one unmeasured round that fills the page cache
   * with the jars. Answers wall and CPU milliseconds by target, then by measured run.
   */
  static Runs alternate(ColdStart cold, List<Target> targets, int runs, Hooks hooks)
      throws Exception {
    double[][] ms = new double[targets.size()][runs];
    double[][] cpu = new double[targets.size()][runs];
    for (int run = 0; run <= runs; run++) {
      StringBuilder line =
          new StringBuilder(run == 0 ? "cold start warm-up:" : "cold start run " + run + ":");
      for (int t = 0; t < targets.size(); t++) {
        Target target = targets.get(t);
        hooks.before(target, run);
        double took = cold.run(target, "cold-" + target.name() + "-" + run, run);
        hooks.after(target, run);
        line.append(String.format(" %s %.0f ms (cpu %d)", target.name(), took, cold.lastCpuMs));
        if (run > 0) {
          ms[t][run - 1] = took;
          cpu[t][run - 1] = cold.lastCpuMs;
        }
      }
      System.err.println(line);
    }
    return new Runs(ms, cpu);
  }

  /**
   * Each target's runs: wall milliseconds to the answer, and the CPU milliseconds (all threads) the
   * process had used by then — on 2 cores a cold start is CPU-bound, so the second shows what a
   * change saved even when the machine's other load blurs the first.
   */
  record Runs(double[][] ms, double[][] cpuMs) {}
}
