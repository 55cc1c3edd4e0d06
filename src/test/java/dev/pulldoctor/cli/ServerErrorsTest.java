package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.cli.ClassifyCommandTest.CliRun;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.sandbox.World;
import io.grpc.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A transient server error (DESIGN.md §6) is one line and exit 2 from every command that calls
 * Google, never a stack trace: the sandbox's faults stand in for Google answering INTERNAL,
 * UNAVAILABLE and the rest.
 */
class ServerErrorsTest {
  private static Sandbox sandbox;

  // A failed investigation returns while its sibling look-ups still run; one that starts after the
  // command closed its clients opens a channel nobody shuts down, and gRPC logs that at the next
  // garbage collection — into whichever in-process run is capturing stderr then. A process that
  // exits never logs it; the tests here silence it so that they read only what the command wrote.
  private static final java.util.logging.Logger ORPHANS =
      java.util.logging.Logger.getLogger("io.grpc.internal.ManagedChannelOrphanWrapper");

  @BeforeAll
  static void start() throws Exception {
    ORPHANS.setLevel(java.util.logging.Level.OFF);
    sandbox = Sandbox.start(World.load(Path.of(DiagnoseCommandTest.SEED_WORLD)));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void clear() {
    sandbox.faults().clear();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Status.Code.class,
      names = {"INTERNAL", "UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED"})
  void diagnose_onATransientServerError_printsOneLine_andExitsTwo(Status.Code code) {
    sandbox.faults().fail("ClusterManager/GetCluster", code, 100);

    CliRun run =
        CliRun.of(
            "diagnose",
            "--endpoints",
            sandbox.endpoint(),
            "--event",
            DiagnoseCommandTest.SEED_EVENT);

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr().lines()).as(run.stderr()).hasSize(1);
    assertThat(run.stderr())
        .startsWith("pull-doctor diagnose: ")
        .contains(code.name())
        .contains("GetCluster projects/acme-prod-417/locations/us-central1/clusters/prod")
        .doesNotContain("Exception");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Status.Code.class,
      names = {"INTERNAL", "UNAVAILABLE"})
  void audit_onATransientServerError_printsOneLine_andExitsTwo(Status.Code code) {
    sandbox.faults().fail("ClusterManager/ListClusters", code, 100);

    CliRun run =
        CliRun.of("audit", "--endpoints", sandbox.endpoint(), "--project", "acme-prod-417");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
    assertThat(run.stderr().lines()).as(run.stderr()).hasSize(1);
    assertThat(run.stderr())
        .startsWith("pull-doctor audit: ")
        .contains(code.name())
        .contains("ListClusters projects/acme-prod-417/locations/-")
        .doesNotContain("Exception");
  }
}
