package dev.pulldoctor.dashboard;

import static dev.pulldoctor.dashboard.TestFindings.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.report.FindingStore.FindingQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JSON API over an in-memory store, through a real HTTP server on loopback. */
class DashboardApiTest {
  static final Instant NOW = Instant.parse("2026-11-20T14:30:00Z");
  static final String PROD = "acme-prod-417/us-central1/prod";
  static final String STAGING = "acme-staging/us-east1/staging";

  private final HttpClient http = HttpClient.newHttpClient();
  private InMemoryFindingStore store;
  private DashboardServer server;

  @BeforeEach
  void start() throws IOException {
    store =
        new InMemoryFindingStore()
            .put(
                finding(
                    "a1",
                    FindingStatus.OPEN,
                    RootCause.NODE_SA_MISSING_READER,
                    PROD,
                    NOW.minusSeconds(60),
                    10))
            .put(
                finding(
                    "b2",
                    FindingStatus.OPEN,
                    RootCause.DENY_POLICY,
                    PROD,
                    NOW.minusSeconds(120),
                    5))
            .put(
                finding(
                    "c3",
                    FindingStatus.OPEN,
                    RootCause.NODE_SA_MISSING_READER,
                    STAGING,
                    NOW.minusSeconds(3 * 3600),
                    7))
            .put(
                finding(
                    "d4",
                    FindingStatus.RESOLVED,
                    RootCause.ACCESS_NOW_GRANTED,
                    PROD,
                    NOW.minusSeconds(30),
                    2))
            .put(
                finding(
                    "e5",
                    FindingStatus.REMEDIATED,
                    RootCause.NODE_SA_MISSING_READER,
                    STAGING,
                    NOW.minusSeconds(600),
                    3));
    server = DashboardServer.start(store, 0, Clock.fixed(NOW, ZoneOffset.UTC), 5);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.url().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject json(String path, int status) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(Http.JSON);
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  private static List<String> fingerprints(JsonObject page) {
    List<String> out = new ArrayList<>();
    page.getAsJsonArray("incidents")
        .forEach(i -> out.add(i.getAsJsonObject().get("fingerprint").getAsString()));
    return out;
  }

  @Test
  void incidents_openOnesNewestFirst_byDefault() throws Exception {
    JsonObject page = json("/api/incidents", 200);

    assertThat(fingerprints(page)).containsExactly("a1", "b2", "c3");
    assertThat(page.get("nextPageToken").isJsonNull()).isTrue();
    assertThat(store.queries())
        .containsExactly(new FindingQuery("OPEN", null, null, null, null, 50, null));
    JsonObject row = page.getAsJsonArray("incidents").get(0).getAsJsonObject();
    assertThat(row.keySet())
        .containsExactly(
            "fingerprint",
            "status",
            "rootCause",
            "failureKind",
            "summary",
            "cluster",
            "clusterProject",
            "nodePool",
            "nodeServiceAccount",
            "repository",
            "image",
            "occurrences",
            "firstSeen",
            "lastSeen",
            "fix",
            "remediation");
    assertThat(row.get("lastSeen").getAsString()).isEqualTo("2026-11-20T14:29:00Z");
    assertThat(row.get("occurrences").getAsLong()).isEqualTo(10);
  }

  @Test
  void incidents_filterByRootCause_clusterOrProject_withOrWithoutStatus() throws Exception {
    assertThat(fingerprints(json("/api/incidents?rootCause=NODE_SA_MISSING_READER", 200)))
        .containsExactly("a1", "c3");
    assertThat(
            fingerprints(json("/api/incidents?status=ANY&rootCause=node_sa_missing_reader", 200)))
        .containsExactly("a1", "e5", "c3");
    assertThat(fingerprints(json("/api/incidents?cluster=" + PROD, 200)))
        .containsExactly("a1", "b2");
    assertThat(fingerprints(json("/api/incidents?status=ANY&cluster=" + PROD, 200)))
        .containsExactly("d4", "a1", "b2");
    assertThat(fingerprints(json("/api/incidents?project=acme-staging&status=REMEDIATED", 200)))
        .containsExactly("e5");
    assertThat(fingerprints(json("/api/incidents?status=ANY", 200)))
        .containsExactly("d4", "a1", "b2", "e5", "c3");
    assertThat(fingerprints(json("/api/incidents?status=ANY&since=1h", 200)))
        .containsExactly("d4", "a1", "b2", "e5");
    assertThat(fingerprints(json("/api/incidents?since=2026-11-20T14:00:00Z", 200)))
        .containsExactly("a1", "b2");
    assertThat(store.queries().get(2))
        .isEqualTo(new FindingQuery("OPEN", null, PROD, null, null, 50, null));
  }

  @Test
  void incidents_pageThroughEveryMatch_withTheNextPageToken() throws Exception {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String path =
          "/api/incidents?status=ANY&limit=2" + (token == null ? "" : "&pageToken=" + token);
      JsonObject page = json(path, 200);
      seen.addAll(fingerprints(page));
      JsonElement next = page.get("nextPageToken");
      token = next.isJsonNull() ? null : next.getAsString();
      pages++;
    } while (token != null);

    assertThat(seen).containsExactly("d4", "a1", "b2", "e5", "c3");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void incidents_refuseAFilterNoIndexServes_namingTheAllowedOnes() throws Exception {
    JsonObject error = json("/api/incidents?rootCause=DENY_POLICY&cluster=" + PROD, 400);

    assertThat(error.get("error").getAsString())
        .startsWith("no index serves the filter status+rootCause+cluster; allowed: ")
        .contains("status+rootCause", "status+cluster", "status+project", "rootCause, cluster");
    assertThat(
            json("/api/incidents?status=ANY&cluster=" + PROD + "&project=acme-prod-417", 400)
                .get("error")
                .getAsString())
        .startsWith("no index serves the filter cluster+project;");
    assertThat(store.queries()).isEmpty();
  }

  @Test
  void incidents_refuseBadValues_inOneSentence() throws Exception {
    assertThat(json("/api/incidents?status=CLOSED", 400).get("error").getAsString())
        .isEqualTo("status 'CLOSED' is not one of OPEN, REMEDIATED, RESOLVED, ANY");
    assertThat(json("/api/incidents?rootCause=GREMLINS", 400).get("error").getAsString())
        .startsWith("rootCause 'GREMLINS' is not one of NODE_SA_MISSING_READER, ");
    assertThat(json("/api/incidents?limit=0", 400).get("error").getAsString())
        .isEqualTo("limit '0' must be a whole number from 1 to 200");
    assertThat(json("/api/incidents?limit=201", 400).get("error").getAsString())
        .isEqualTo("limit '201' must be a whole number from 1 to 200");
    assertThat(json("/api/incidents?since=yesterday", 400).get("error").getAsString())
        .startsWith("since 'yesterday' is neither an instant");
    assertThat(json("/api/incidents?pageToken=not-a-token", 400).get("error").getAsString())
        .isEqualTo("pageToken is not one this store issued");
    assertThat(json("/api/incidents?limit=200", 200).getAsJsonArray("incidents")).hasSize(3);
  }

  @Test
  void incident_isTheWholeFinding() throws Exception {
    JsonObject f = json("/api/incidents/a1", 200);

    assertThat(f.get("fingerprint").getAsString()).isEqualTo("a1");
    assertThat(f.get("rootCause").getAsString()).isEqualTo("NODE_SA_MISSING_READER");
    assertThat(f.getAsJsonObject("advice").getAsJsonArray("commands").get(0).getAsString())
        .startsWith("gcloud artifacts repositories add-iam-policy-binding services");
    assertThat(f.getAsJsonObject("evidence").get("nodePool").getAsString())
        .isEqualTo("default-pool");
    assertThat(f.getAsJsonObject("remediation").get("mode").getAsString()).isEqualTo("dry-run");
    assertThat(f.getAsJsonArray("pods"))
        .containsExactly(JsonParser.parseString("\"prod/checkout-1\""));
    assertThat(f.keySet()).contains("lastDiagnosedAt", "clusterLocation", "repositoryName");
  }

  @Test
  void incident_missing_is404Json() throws Exception {
    assertThat(json("/api/incidents/ffff", 404).get("error").getAsString())
        .isEqualTo("no incident ffff");
    assertThat(json("/api/nothing", 404).get("error").getAsString())
        .isEqualTo("no such API: /api/nothing");
  }

  static final String NOT_AN_ID =
      "no such incident: an incident id is 1 to 24 lowercase hexadecimal digits";

  @Test
  void incidentIds_outsideTheFingerprintsAlphabet_are404_withoutAskingTheStore() throws Exception {
    server.close();
    // Every read of this store fails: a 404 rather than a 502 shows that the id never reached it.
    server =
        DashboardServer.start(
            new InMemoryFindingStore().failWith(new IllegalStateException("must not be read")), 0);
    for (String id :
        List.of(
            ".",
            "..",
            "%2e%2e",
            "a1/more",
            "A1",
            "zz9",
            "a1.json",
            "0123456789abcdef012345678",
            "pullEvents",
            "%00")) {
      assertThat(json("/api/incidents/" + id, 404).get("error").getAsString())
          .as(id)
          .isEqualTo(NOT_AN_ID);
    }
    String raw =
        raw("GET /api/incidents/.. HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 404").contains(NOT_AN_ID).doesNotContain("pullFindings");
    assertThat(json("/api/incidents/0123456789abcdef01234567", 502)).isNotNull();
  }

  @Test
  void aMalformedQueryEscape_isASmallJsonError_withTheSecurityHeaders() throws Exception {
    String answer =
        raw(
            "GET /api/incidents?status=%zz HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");

    assertThat(answer)
        .startsWith("HTTP/1.1 400 ")
        .contains("Content-Type: application/json; charset=utf-8\r\n")
        .contains("Content-Security-Policy: default-src 'self'\r\n")
        .contains("X-Content-Type-Options: nosniff\r\n")
        .contains("Cache-Control: no-store\r\n")
        .doesNotContain("<h1>")
        .doesNotContain("<h1>")
        .doesNotContain("Exception");
    assertThat(bodyOf(answer))
        .isEqualTo(error("the request's URL is malformed: malformed escape pair"));
    assertThat(raw("GET /a b c HTTP/1.1\r\nHost: localhost\r\n\r\n"))
        .startsWith("HTTP/1.1 400 ")
        .endsWith("{\"error\":\"the request line is not METHOD TARGET HTTP/1.1\"}");
  }

  private static JsonObject bodyOf(String rawAnswer) {
    return JsonParser.parseString(rawAnswer.substring(rawAnswer.indexOf("\r\n\r\n") + 4))
        .getAsJsonObject();
  }

  private static JsonObject error(String message) {
    JsonObject e = new JsonObject();
    e.addProperty("error", message);
    return e;
  }

  @Test
  void onAKeptAliveConnection_theAnswersBeforeABadRequest_arriveWhole_thenItsJsonError()
      throws Exception {
    String answers =
        raw(
            "GET /api/incidents/a1 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /api/summary HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /api/incidents?since=%G1 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /api/incidents/b2 HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertThat(answers.split("HTTP/1.1 ", -1))
        .extracting(a -> a.isEmpty() ? "" : a.substring(0, 3))
        .containsExactly("", "200", "200", "400");
    assertThat(answers).contains("\"fingerprint\":\"a1\"").doesNotContain("\"fingerprint\":\"b2\"");
  }

  @Test
  void aStoreFailure_isA502_withoutDocumentPathsOrExceptionClasses() throws Exception {
    server.close();
    server =
        DashboardServer.start(
            new InMemoryFindingStore()
                .failWith(
                    new IllegalStateException(
                        "projects/acme-ops/databases/(default)/documents/pullFindings/a1:"
                            + " UNAVAILABLE")),
            0);
    for (String path : List.of("/api/incidents", "/api/incidents/a1", "/api/summary")) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(502);
      assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'");
      assertThat(r.body())
          .isEqualTo("{\"error\":\"the finding store is unavailable; the page will try again\"}");
    }
  }

  @Test
  void summary_countsOpenIncidents_andOccurrencesPerHour() throws Exception {
    JsonObject s = json("/api/summary", 200);

    assertThat(s.get("openRead").getAsInt()).isEqualTo(3);
    assertThat(s.get("truncated").getAsBoolean()).isFalse();
    assertThat(counts(s.getAsJsonArray("byRootCause")))
        .containsExactly("NODE_SA_MISSING_READER=2", "DENY_POLICY=1");
    assertThat(counts(s.getAsJsonArray("byCluster"))).containsExactly(PROD + "=2", STAGING + "=1");
    JsonObject chart = s.getAsJsonObject("occurrences");
    assertThat(chart.get("from").getAsString()).isEqualTo("2026-11-19T15:00:00Z");
    assertThat(chart.get("to").getAsString()).isEqualTo("2026-11-20T15:00:00Z");
    assertThat(chart.get("complete").getAsBoolean()).isTrue();
    JsonArray buckets = chart.getAsJsonArray("buckets");
    assertThat(buckets).hasSize(24);
    long total = 0;
    for (JsonElement b : buckets) {
      total += b.getAsJsonObject().get("count").getAsLong();
    }
    assertThat(total).as("10 + 5 + 7 open occurrences, all within the day").isEqualTo(22);
    assertThat(s.getAsJsonArray("rootCauses")).hasSize(RootCause.values().length);
    assertThat(store.queries())
        .containsExactly(new FindingQuery("OPEN", null, null, null, null, 200, null));
  }

  @Test
  void summary_readsAtMostItsPages_andSaysItWasTruncated() throws Exception {
    server.close();
    InMemoryFindingStore big = new InMemoryFindingStore();
    for (int i = 0; i < 450; i++) {
      big.put(
          finding(
              String.format("f%04d", i),
              FindingStatus.OPEN,
              RootCause.DENY_POLICY,
              PROD,
              NOW.minusSeconds(i * 60L),
              1));
    }
    server = DashboardServer.start(big, 0, Clock.fixed(NOW, ZoneOffset.UTC), 2);

    JsonObject s = json("/api/summary", 200);

    assertThat(s.get("openRead").getAsInt()).isEqualTo(400);
    assertThat(s.get("maxRead").getAsInt()).isEqualTo(400);
    assertThat(s.get("truncated").getAsBoolean()).isTrue();
    assertThat(s.getAsJsonObject("occurrences").get("complete").getAsBoolean())
        .as("the 400 newest reach back 400 minutes only: older ones of the day were not read")
        .isFalse();
    assertThat(big.queries()).hasSize(2);
  }

  @Test
  void onlyGetAndHead_areServed() throws Exception {
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(server.url().resolve("/api/incidents/a1"))
                  .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
    HttpResponse<String> head =
        http.send(
            HttpRequest.newBuilder(server.url().resolve("/api/incidents"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(store.get("a1")).isPresent();
  }

  @Test
  void everyResponse_carriesTheSecurityHeaders() throws Exception {
    for (String path :
        List.of(
            "/",
            "/app.js",
            "/app.css",
            "/api/incidents",
            "/api/summary",
            "/api/incidents/none",
            "/missing")) {
      HttpResponse<String> r = get(path);
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .hasValue("default-src 'self'");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
      assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
    }
  }

  @Test
  void thePage_anditsScriptAndStyle_comeFromTheJar() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).contains("<script src=\"app.js\" defer></script>");
    assertThat(get("/app.js").headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(get("/app.css").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");
    assertThat(get("/etc/passwd").statusCode()).isEqualTo(404);
    assertThat(get("/../app.js").statusCode()).isIn(400, 404);
  }

  @Test
  void aForeignHostName_isRefused_againstDnsRebinding() throws Exception {
    assertThat(
            raw(
                "GET /api/incidents HTTP/1.1\r\n"
                    + "Host: evil.example:80\r\n"
                    + "Connection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 403");
    assertThat(
            raw(
                "GET /api/incidents HTTP/1.1\r\nHost: localhost:"
                    + server.url().getPort()
                    + "\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 200");
  }

  @Test
  void theServer_listensOnLoopbackOnly() {
    assertThat(server.url().toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
    assertThat(server.url())
        .isEqualTo(URI.create("http://127.0.0.1:" + server.url().getPort() + "/"));
  }

  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.url().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> counts(JsonArray rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(
        r ->
            out.add(
                r.getAsJsonObject().get("key").getAsString()
                    + "="
                    + r.getAsJsonObject().get("count").getAsInt()));
    return out;
  }
}
