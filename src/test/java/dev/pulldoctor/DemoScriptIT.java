package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's main command, as a newcomer runs it: one finding read back, nothing left running. */
class DemoScriptIT {

  @Test
  void demo_printsTheSeedFinding_fromFirestore_andLeavesNoProcessRunning() throws Exception {
    Set<Long> before = demoProcesses();
    Process demo = new ProcessBuilder("bash", "scripts/demo").redirectErrorStream(true).start();
    String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(demo.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(demo.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("root cause     NODE_SA_MISSING_READER")
        .contains("node account   123456789012-compute@developer.gserviceaccount.com")
        .contains("repository     acme-prod-417/us-central1/services")
        .contains("gcloud artifacts repositories add-iam-policy-binding services");
    Set<Long> left = demoProcesses();
    left.removeAll(before);
    assertThat(left).as("processes the demo left running").isEmpty();
  }

  /** The emulators, invokers and sandboxes running now. */
  private static Set<Long> demoProcesses() {
    return ProcessHandle.allProcesses()
        .filter(p -> {
          Optional<String> line = p.info().commandLine();
          return line.isPresent() && (line.get().contains("cloud-firestore-emulator")
              || line.get().contains("emulators firestore")
              || line.get().contains("java-function-invoker")
              || line.get().contains("pull-doctor.jar sandbox"));
        })
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }
}
