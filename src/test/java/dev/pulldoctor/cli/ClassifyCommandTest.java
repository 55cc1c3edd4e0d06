package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {

  @TempDir Path dir;

  @Test
  void classifyEvent_printsKindImageAndPod_forTheSeedCloudEvent() {
    CliRun run =
        CliRun.of("classify", "--event", "src/test/resources/events/seed-403-cloudevent.json");
    assertThat(run.exitCode()).isZero();
    JsonObject out = JsonParser.parseString(run.stdout()).getAsJsonObject();
    assertThat(out.get("failureKind").getAsString()).isEqualTo("PERMISSION_DENIED");
    JsonObject image = out.getAsJsonObject("image");
    assertThat(image.get("location").getAsString()).isEqualTo("us-central1");
    assertThat(image.get("project").getAsString()).isEqualTo("acme-prod-417");
    assertThat(image.get("repository").getAsString()).isEqualTo("services");
    assertThat(image.get("image").getAsString()).isEqualTo("checkout");
    assertThat(image.get("tag").getAsString()).isEqualTo("1.8.2");
    assertThat(out.get("pod").getAsString()).isEqualTo("checkout-7d9c8b6f4-q2xnv");
  }

  @Test
  void classifyMessage_printsTheKind() {
    CliRun run =
        CliRun.of(
            "classify",
            "--message",
            "Failed to pull image \"eu.gcr.io/acme/web:2\": rpc error: code = NotFound desc ="
                + " failed to pull and unpack image \"eu.gcr.io/acme/web:2\": failed to resolve"
                + " reference \"eu.gcr.io/acme/web:2\": eu.gcr.io/acme/web:2: not found");
    assertThat(run.exitCode()).isZero();
    JsonObject out = JsonParser.parseString(run.stdout()).getAsJsonObject();
    assertThat(out.get("failureKind").getAsString()).isEqualTo("NOT_FOUND");
    assertThat(out.getAsJsonObject("image").get("location").getAsString()).isEqualTo("europe");
  }

  @Test
  void classifyMessage_namesTheRuleThatMatched_andReadsABackOffByItsCause() {
    CliRun run =
        CliRun.of(
            "classify",
            "--message",
            "Back-off pulling image \"gcr.io/acme/web:2\": ErrImagePull: failed to pull and unpack"
                + " image \"gcr.io/acme/web:2\": failed to resolve reference \"gcr.io/acme/web:2\":"
                + " unexpected status from HEAD request to"
                + " https://gcr.io/v2/acme/web/manifests/2: 412 Precondition Failed");
    assertThat(run.exitCode()).isZero();
    JsonObject out = JsonParser.parseString(run.stdout()).getAsJsonObject();
    assertThat(out.get("failureKind").getAsString()).isEqualTo("CONTAINER_REGISTRY_SHUTDOWN");
    assertThat(out.get("rule").getAsString()).isEqualTo("container-registry-shutdown-status");
    assertThat(out.get("followOn").getAsBoolean()).isFalse();
    assertThat(out.get("backOff").getAsBoolean()).isTrue();
    assertThat(out.getAsJsonArray("pullSecretAnswers")).isEmpty();
  }

  @Test
  void classifyMessage_printsThePullSecretsAnswers_beforeTheNodesDecidingOne() {
    CliRun run =
        CliRun.of(
            "classify",
            "--message",
            "Failed to pull image \"us-docker.pkg.dev/acme/r/app:1\": [rpc error: code = Unknown"
                + " desc = Error response from daemon: unauthorized: authentication required, rpc"
                + " error: code = Unknown desc = Error response from daemon: denied: Permission"
                + " \"artifactregistry.repositories.downloadArtifacts\" denied on resource"
                + " \"projects/acme/locations/us/repositories/r\" (or it may not exist)]");
    assertThat(run.exitCode()).isZero();
    JsonObject out = JsonParser.parseString(run.stdout()).getAsJsonObject();
    assertThat(out.get("failureKind").getAsString()).isEqualTo("PERMISSION_DENIED");
    assertThat(out.get("rule").getAsString()).isEqualTo("permission-denied-body");
    JsonObject secret = out.getAsJsonArray("pullSecretAnswers").get(0).getAsJsonObject();
    assertThat(secret.get("failureKind").getAsString()).isEqualTo("UNAUTHORIZED");
    assertThat(secret.get("rule").getAsString()).isEqualTo("unauthorized-body");
  }

  @Test
  void classifyEvent_exitsTwoWithOneLine_forAnEventThatIsNotAPullFailure() {
    CliRun run =
        CliRun.of("classify", "--event", "src/test/resources/events/scheduled-logentry.json");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr().strip())
        .isEqualTo(
            "pull-doctor classify: src/test/resources/events/scheduled-logentry.json: not an image"
                + " pull failure (reason 'Scheduled')");
  }

  @Test
  void classifyEvent_exitsTwoWithOneLine_forNonJsonAndMissingFiles() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{{{");
    assertThat(CliRun.of("classify", "--event", garbage.toString()).stderr().lines().count())
        .isEqualTo(1);
    CliRun missing = CliRun.of("classify", "--event", dir.resolve("nope.json").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.stderr()).contains("no such file").doesNotContain("Exception");
  }

  @Test
  void classify_withoutInput_exitsTwoAndPointsAtHelp() {
    CliRun run = CliRun.of("classify");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--message").contains("classify --help");
  }

  /** Runs the CLI in-process, capturing both streams. */
  record CliRun(int exitCode, String stdout, String stderr) {
    static synchronized CliRun of(String... args) {
      PrintStream out = System.out;
      PrintStream err = System.err;
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      try {
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int code = PullDoctorCli.run(args);
        return new CliRun(
            code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    }
  }
}
