package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.report.FindingStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code pull-doctor dashboard}: the URL first on stdout, the page served over the store the seam
 * gives, a clean stop; help with examples; bad usage in one line.
 */
class DashboardCommandTest {

  /** A store that answers one open incident; the dashboard only reads. */
  private static FindingStore oneIncident() {
    Finding f =
        new Finding(
            "fp1",
            FindingStatus.OPEN,
            FailureKind.PERMISSION_DENIED,
            RootCause.NODE_SA_MISSING_READER,
            "s",
            "p/l/c",
            "p",
            "l",
            "c",
            "default-pool",
            "sa",
            "p/l/r",
            "p",
            "l",
            "r",
            "img",
            3,
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    return (FindingStore)
        Proxy.newProxyInstance(
            FindingStore.class.getClassLoader(),
            new Class<?>[] {FindingStore.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "query" -> new FindingStore.Page(List.of(f), null);
                  case "get" -> Optional.of(f);
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private record Cli(CommandLine line, StringWriter out, StringWriter err) {}

  private static Cli cli(DashboardCommand command) {
    CommandLine line = new CommandLine(command);
    line.setExecutionExceptionHandler(new OneLineErrors());
    line.setParameterExceptionHandler(OneLineErrors::onParameterError);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return new Cli(line, out, err);
  }

  @Test
  void servesTheStoreOnLoopback_printsTheUrlFirst_andStopsCleanly() throws Exception {
    DashboardCommand command = new DashboardCommand(DashboardCommandTest::oneIncident, stop -> {});
    Cli cli = cli(command);

    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> cli.line().execute("--port", "0"));
    String url = awaitFirstLine(cli.out());

    assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/");
    HttpResponse<String> incidents =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "api/incidents")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(incidents.statusCode()).isEqualTo(200);
    assertThat(incidents.body()).contains("\"fingerprint\":\"fp1\"");

    command.stop.countDown();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(cli.err().toString()).contains("dashboard: serving " + url, "dashboard: stopped");
    int port = URI.create(url).getPort();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aBadPort_exits2_inOneLine() {
    Cli cli = cli(new DashboardCommand(DashboardCommandTest::oneIncident, stop -> {}));

    assertThat(cli.line().execute("--port", "70000")).isEqualTo(2);
    assertThat(cli.err().toString().lines())
        .containsExactly("pull-doctor dashboard: --port must be between 0 and 65535, got 70000");
    assertThat(cli.out().toString()).isEmpty();
  }

  @Test
  void help_showsExamples_andIsRegisteredInTheRootCommand() {
    Cli cli = cli(new DashboardCommand());

    assertThat(cli.line().execute("--help")).isZero();
    assertThat(cli.out().toString())
        .contains(
            "--port", "--open", "FIRESTORE_EMULATOR_HOST", "pull-doctor dashboard --port 0 --open");
    assertThat(new CommandLine(new PullDoctorCli()).getSubcommands()).containsKey("dashboard");
  }

  private static String awaitFirstLine(StringWriter out) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      String text = out.toString();
      int newline = text.indexOf('\n');
      if (newline >= 0) {
        return text.substring(0, newline).strip();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no URL on stdout within 20 s");
  }
}
