package dev.pulldoctor.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.JsonForm;
import dev.pulldoctor.report.FindingStore;
import dev.pulldoctor.report.FindingStore.Page;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The JSON API under {@code /api/}: {@code incidents} (one page of rows), {@code
 * incidents/{fingerprint}} (the whole finding) and {@code summary}.
 */
final class ApiHandler implements HttpHandler {
  private static final String INCIDENTS = "/api/incidents";

  // Firestore document ids cannot hold '/'; fingerprints are hex. Anything else is no incident.
  private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  private final FindingStore store;
  private final Clock clock;
  private final int summaryPages;

  ApiHandler(FindingStore store, Clock clock, int summaryPages) {
    this.store = store;
    this.clock = clock;
    this.summaryPages = summaryPages;
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
      } catch (IllegalArgumentException e) {
        // Bad parameters, or a page token the store cannot read.
        Http.error(exchange, 400, e.getMessage());
      } catch (RuntimeException e) {
        // The store failed (Firestore unavailable, credentials expired): the page shows this and
        // keeps polling, so the next refresh recovers on its own.
        Http.error(exchange, 502, "the finding store failed: " + e);
      }
    } finally {
      exchange.close();
    }
  }

  private void incidents(HttpExchange exchange) throws IOException {
    IncidentFilter filter = IncidentFilter.parse(Http.parameters(exchange), clock.instant());
    Page page = store.query(filter.toQuery());
    List<Object> rows = new ArrayList<>();
    page.findings().forEach(f -> rows.add(row(f)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("incidents", rows);
    body.put("nextPageToken", page.nextPageToken());
    Http.json(exchange, 200, body);
  }

  private void incident(HttpExchange exchange, String fingerprint) throws IOException {
    Optional<Finding> finding =
        FINGERPRINT.matcher(fingerprint).matches() ? store.get(fingerprint) : Optional.empty();
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
