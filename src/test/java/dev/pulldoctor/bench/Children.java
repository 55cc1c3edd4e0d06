package dev.pulldoctor.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The processes the benchmark starts, each stopped again by its own handle (and its descendants
 * first), also when the benchmark fails or is interrupted.
 */
final class Children {
  private static final List<Process> RUNNING = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> RUNNING.forEach(Children::stop), "bench-children-stop"));
  }

  private Children() {}

  static Process start(ProcessBuilder pb) throws IOException {
    Process p = pb.start();
    RUNNING.add(p);
    return p;
  }

  /** Stops {@code p} and whatever it started, then waits for them. */
  static void stop(Process p) {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.add(p.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : tree) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    RUNNING.remove(p);
  }

  /** Waits for {@code p} to end by itself; forgets it. */
  static int await(Process p, long minutes) throws InterruptedException {
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      stop(p);
      throw new IllegalStateException("a child did not finish within " + minutes + " min");
    }
    RUNNING.remove(p);
    return p.exitValue();
  }

  /** The java of this JVM. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The first line {@code p} prints on stdout that starts with {@code prefix}. */
  static String awaitLine(Process p, String prefix) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IllegalStateException("the child ended without printing " + prefix);
  }

  /** The last lines of a log, for an error message. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    } catch (IOException e) {
      return "(no log " + log + ")";
    }
  }
}
