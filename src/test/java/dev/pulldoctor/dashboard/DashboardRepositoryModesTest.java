package dev.pulldoctor.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.RootCause;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dashboard's API serves a finding of each issue-15 root cause as it serves the others: listed
 * under its cause, whole with its advice, and counted in the summary.
 */
class DashboardRepositoryModesTest {
  private static final Instant NOW = Instant.parse("2026-11-21T09:15:00Z");
  private final HttpClient http = HttpClient.newHttpClient();

  static Stream<RootCause> causes() {
    return RepositoryModeFindings.WORLDS.keySet().stream().sorted();
  }

  private JsonObject get(DashboardServer server, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(server.url().resolve(URI.create(path))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("causes")
  void aFindingOfTheCause_isListedUnderIt_shownWhole_andCounted(RootCause cause) throws Exception {
    Finding f = RepositoryModeFindings.of(cause, NOW);
    InMemoryFindingStore store = new InMemoryFindingStore().put(f);
    try (DashboardServer server =
        DashboardServer.start(store, 0, Clock.fixed(NOW, ZoneOffset.UTC), 5)) {
      JsonObject page = get(server, "/api/incidents?rootCause=" + cause.name());
      List<String> causes = new ArrayList<>();
      page.getAsJsonArray("incidents")
          .forEach(i -> causes.add(i.getAsJsonObject().get("rootCause").getAsString()));
      assertThat(causes).containsExactly(cause.name());

      JsonObject incident = get(server, "/api/incidents/" + f.fingerprint());
      assertThat(incident.get("rootCause").getAsString()).isEqualTo(cause.name());
      assertThat(incident.get("summary").getAsString()).isEqualTo(f.summary()).isNotBlank();
      assertThat(incident.toString()).contains(f.advice().fix());

      JsonObject summary = get(server, "/api/summary");
      assertThat(summary.getAsJsonArray("byRootCause").toString()).contains(cause.name());
    }
  }
}
