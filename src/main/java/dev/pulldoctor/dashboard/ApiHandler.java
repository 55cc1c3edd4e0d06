package dev.pulldoctor.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.JsonForm;
import dev.pulldoctor.report.FindingStore;
import dev.pulldoctor.report.FindingStore.Page;
import dev.pulldoctor.report.StructuredLog;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON API under {@code /api/}: {@code incidents} (one page of rows), {@code
 * incidents/{fingerprint}} (the whole finding) and {@code summary}.
 */
final class ApiHandler implements HttpHandler {
  private static final String INCIDENTS = "/api/incidents";

  private final FindingStore store;
  private final Clock clock;
  private final int summaryPages;
  private final StructuredLog log;

  ApiHandler(FindingStore store, Clock clock, int summaryPages, StructuredLog log) {
    this.store = store;
    this.clock = clock;
    this.summaryPages = summaryPages;
    this.log = log;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      if (!Http.admit(exchange)) {
        return;
      }
      String path = exchange.getRequestURI().getPath();
      try {
        if (path.equals(INCIDENTS)) {
          incidents(exchange);
        } else if (path.startsWith(INCIDENTS + "/")) {
          incident(exchange, path.substring(INCIDENTS.length() + 1));
        } else if (path.equals("/api/summary")) {
          Http.json(exchange, 200, Summary.of(store, summaryPages, clock.instant()));
        } else {
          Http.error(exchange, 404, "no such API: " + path);
        }
      } catch (RuntimeException e) {
        // The store failed (Firestore unavailable, credentials expired): the page shows this and
        // keeps polling, so the next refresh recovers on its own. The cause goes to the operator's
        // terminal, never into the answer: it names document paths and exception classes.
        log.warning(
            "the dashboard's finding store failed",
            Map.of("path", path, "cause", String.valueOf(e)));
        Http.error(exchange, 502, "the finding store is unavailable; the page will try again");
      }
    } finally {
      exchange.close();
    }
  }

  private void incidents(HttpExchange exchange) throws IOException {
    Page page;
    try {
      IncidentFilter filter = IncidentFilter.parse(Http.parameters(exchange), clock.instant());
      page = store.query(filter.toQuery());
    } catch (IllegalArgumentException e) {
      // Bad parameters, or a page token the store did not issue: the filter's and the store's
      // own words about the query (FindingStore.query's contract).
      Http.error(exchange, 400, e.getMessage());
      return;
    }
    List<Object> rows = new ArrayList<>();
    page.findings().forEach(f -> rows.add(row(f)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("incidents", rows);
    body.put("nextPageToken", page.nextPageToken());
    Http.json(exchange, 200, body);
  }

  private void incident(HttpExchange exchange, String fingerprint) throws IOException {
    if (!IncidentKey.isFingerprint(fingerprint)) {
      // Not echoed: the id is the caller's text, and nothing of it is looked up.
      Http.error(
          exchange,
          404,
          "no such incident: an incident id is 1 to "
              + IncidentKey.FINGERPRINT_LENGTH
              + " lowercase hexadecimal digits");
      return;
    }
    Optional<Finding> finding = store.get(fingerprint);
    if (finding.isEmpty()) {
      Http.error(exchange, 404, "no incident " + fingerprint);
      return;
    }
    Http.json(exchange, 200, JsonForm.json(finding.get()));
  }

  /** The table's row: the finding's {@link Finding.Row} in its JSON form. */
  static Object row(Finding f) {
    return JsonForm.json(f.row());
  }
}
