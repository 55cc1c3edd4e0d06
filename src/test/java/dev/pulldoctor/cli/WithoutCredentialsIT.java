package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A newcomer without Application Default Credentials gets one line that says what to do, exit 2,
 * and no stack trace — from the packaged jar, in a process whose credentials point nowhere.
 */
class WithoutCredentialsIT {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "findings",
        "diagnose --cluster acme-prod-417/us-central1/prod --node-pool default-pool"
            + " --image us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2",
        "audit --project acme-prod-417",
        "status --project acme-ops --region us-central1",
      })
  void aCommandAgainstRealGoogleCloud_withoutCredentials_saysSoInOneLine(String args)
      throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                "target/pull-doctor.jar"));
    command.addAll(List.of(args.split(" ")));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("GOOGLE_APPLICATION_CREDENTIALS", "/nonexistent/credentials.json");
    pb.environment().remove("FIRESTORE_EMULATOR_HOST");
    pb.environment().remove("PULL_DOCTOR_ENDPOINTS");
    Process p = pb.start();
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(stderr.lines().toList())
        .singleElement()
        .asString()
        .contains("no Google Cloud credentials")
        .contains("gcloud auth application-default login");
  }
}
