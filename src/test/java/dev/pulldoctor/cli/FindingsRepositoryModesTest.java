package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import dev.pulldoctor.dashboard.RepositoryModeFindings;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.RootCause;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code pull-doctor findings} shows a finding of each issue-15 root cause: its JSON row is the one
 * form with the cause and summary, and the table keeps its columns whatever the cause's length.
 */
class FindingsRepositoryModesTest {
  private static final Instant NOW = Instant.parse("2026-11-21T09:15:00Z");

  static Stream<RootCause> causes() {
    return RepositoryModeFindings.WORLDS.keySet().stream().sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("causes")
  void findings_showsTheCause_inJsonAndInAnAlignedTable(RootCause cause) {
    Finding f = RepositoryModeFindings.of(cause, NOW);

    String json = new Gson().toJson(FindingsCommand.row(f));
    assertThat(json).contains("\"rootCause\":\"" + cause.name() + "\"");
    assertThat(json).contains(new Gson().toJson(f.summary()));

    StringWriter text = new StringWriter();
    FindingsCommand.table(new PrintWriter(text), List.of(f));
    String[] lines = text.toString().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[1]).contains(cause.name());
    // The cluster column starts where its header does, however long the cause's name.
    assertThat(lines[1].indexOf(f.cluster())).isEqualTo(lines[0].indexOf("CLUSTER"));
  }
}
