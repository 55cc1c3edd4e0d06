package dev.pulldoctor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code target/pull-doctor.jar} (or another jar of the function) under the real {@code
 * java-function-invoker} in a child JVM, as Cloud Run runs it; its stdout (the structured log) is
 * collected for assertions.
 */
public final class InvokedFunction implements AutoCloseable {
  private final Process process;
  private final int port;
  private final List<String> lines = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  private InvokedFunction(Process process, int port) {
    this.process = process;
    this.port = port;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                  }
                }
              } catch (IOException ignored) {
                // The process ended.
              }
            },
            "invoker-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the function with {@code env} added to this JVM's environment, and waits for it. */
  public static InvokedFunction start(Map<String, String> env) throws Exception {
    return start(env, Path.of("target/pull-doctor.jar"));
  }

  /** The same, with the function's classes from {@code jar}. */
  public static InvokedFunction start(Map<String, String> env, Path jar) throws Exception {
    Path invoker = Path.of("target/invoker/java-function-invoker.jar");
    if (!Files.exists(invoker) || !Files.exists(jar)) {
      throw new IllegalStateException(
          "run 'mvn package' first: " + invoker + " or " + jar + " missing");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
            javaBinary(),
            "-XX:TieredStopAtLevel=1",
            "-jar",
            invoker.toString(),
            "--classpath",
            jar.toString(),
            "--target",
            "dev.pulldoctor.PullDoctorFunction",
            "--port",
            String.valueOf(port));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    InvokedFunction f = new InvokedFunction(pb.start(), port);
    f.awaitPort(Duration.ofSeconds(60));
    return f;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private void awaitPort(Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the invoker exited: " + String.join("\n", snapshot()));
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the invoker did not listen within " + timeout);
  }

  /** POSTs a structured-mode CloudEvent. */
  public HttpResponse<String> postStructured(String cloudEventJson) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .header("Content-Type", "application/cloudevents+json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(cloudEventJson))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits for a log line containing {@code text} and answers it. */
  public String awaitLog(String text, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        for (String line : lines) {
          if (line.contains(text)) {
            return line;
          }
        }
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "no log line with '" + text + "' in:\n" + String.join("\n", lines));
        }
        lines.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  public List<String> snapshot() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
