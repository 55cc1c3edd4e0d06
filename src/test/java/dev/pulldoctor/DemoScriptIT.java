package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's main command, as a newcomer runs it: one finding read back, nothing left running.
 */
class DemoScriptIT {

  @Test
  void demo_printsTheSeedFinding_fromFirestore_andLeavesNoProcessRunning() throws Exception {
    Process demo = new ProcessBuilder("bash", "scripts/demo").redirectErrorStream(true).start();
    String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(demo.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(demo.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("root cause     NODE_SA_MISSING_READER")
        .contains("node account   123456789012-compute@developer.gserviceaccount.com")
        .contains("repository     acme-prod-417/us-central1/services")
        .contains("gcloud artifacts repositories add-iam-policy-binding services");
    // The demo names the loopback port of each server it starts; none may still be served by a
    // live process (other tests on this machine run servers of their own, on other ports).
    Set<String> ports = new HashSet<>();
    Matcher m = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+)").matcher(output);
    while (m.find()) {
      ports.add(m.group(1));
    }
    assertThat(ports).as("ports the demo announced").hasSize(3);
    Set<String> left =
        ProcessHandle.allProcesses()
            .map(p -> p.info().commandLine().orElse(""))
            .filter(
                line -> ports.stream().anyMatch(port -> line.matches(".*[:= ]" + port + "( .*|$)")))
            .collect(Collectors.toSet());
    assertThat(left).as("processes the demo left running").isEmpty();
  }
}
