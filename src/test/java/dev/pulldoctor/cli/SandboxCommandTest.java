package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pull-doctor sandbox} refuses bad input in one line; its help shows an example. */
class SandboxCommandTest {

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ClassifyCommandTest.CliRun r = ClassifyCommandTest.CliRun.of(args);
    return new Run(r.exitCode(), r.stdout(), r.stderr());
  }

  @Test
  void malformedWorld_exits2_withOneLineNamingFileAndJsonPath(@TempDir Path dir) throws Exception {
    Path world = dir.resolve("world.json");
    Files.writeString(world, "{\"projects\": {}}");

    Run r = run("sandbox", "--world", world.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "pull-doctor sandbox: " + world + ": $.caller: missing" + System.lineSeparator());
  }

  @Test
  void missingWorld_exits2_withOneLine(@TempDir Path dir) {
    Run r = run("sandbox", "--world", dir.resolve("nope.json").toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines())
        .containsExactly("pull-doctor sandbox: " + dir.resolve("nope.json") + ": $: no such file");
  }

  @Test
  void help_showsAnExample() {
    Run r = run("sandbox", "--help");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "--world",
            "--port",
            "pull-doctor sandbox --world ../shared/corpus/seed-world.json --port 0");
  }
}
