package dev.pulldoctor.dashboard;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What every dashboard response shares: the read-only check, security headers, JSON. */
final class Http {
  private Http() {}

  /** Scripts, styles and data only from the dashboard itself: no inline script can run. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'";

  static final String JSON = "application/json; charset=utf-8";

  /** The headers of every answer, the gate's own refusals included. */
  static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "Content-Security-Policy",
          CONTENT_SECURITY_POLICY,
          "X-Content-Type-Options",
          "nosniff",
          "Referrer-Policy",
          "no-referrer",
          // Incidents change under the page; every poll must reach the store.
          "Cache-Control",
          "no-store");

  /** Instants as ISO-8601 text; nulls kept, so that a missing field reads as null in the page. */
  static final Gson GSON =
      new GsonBuilder()
          .serializeNulls()
          .registerTypeAdapter(Instant.class, new InstantAdapter().nullSafe())
          .create();

  /**
   * Answers 405 to anything but GET and HEAD, and 403 to a Host other than loopback's: a page on
   * another site could otherwise point a DNS name at 127.0.0.1 and read the API (DNS rebinding).
   * Returns false when it answered.
   */
  static boolean admit(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      error(exchange, 405, "the dashboard is read-only: only GET and HEAD are served");
      return false;
    }
    String host = hostName(exchange.getRequestHeaders().getFirst("Host"));
    if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
      error(exchange, 403, "the dashboard answers only to http://127.0.0.1 or http://localhost");
      return false;
    }
    return true;
  }

  static void json(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, JSON, GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
  }

  /** A small JSON body, {@code {"error": message}}: the message never carries internals. */
  static void error(HttpExchange exchange, int status, String message) throws IOException {
    json(exchange, status, errorBody(message));
  }

  private static Map<String, Object> errorBody(String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    return body;
  }

  /**
   * A whole HTTP/1.1 error answer, for the {@link RequestGate}, which answers before any exchange
   * exists: the same JSON body and headers as {@link #error}, and the connection closed after it.
   */
  static byte[] errorResponse(int status, String message) {
    byte[] body = GSON.toJson(errorBody(message)).getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ")
            .append(status)
            .append(status == 431 ? " Request Header Fields Too Large" : " Bad Request")
            .append("\r\nContent-Type: ")
            .append(JSON)
            .append("\r\nContent-Length: ")
            .append(body.length)
            .append("\r\nConnection: close\r\n");
    SECURITY_HEADERS.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    head.append("\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] all = java.util.Arrays.copyOf(h, h.length + body.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  /** Sends {@code body} with the security headers; HEAD gets the headers alone. */
  static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType);
    SECURITY_HEADERS.forEach(headers::set);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  /** The decoded query parameters; the first of a repeated name wins. */
  static Map<String, String> parameters(HttpExchange exchange) {
    Map<String, String> params = new LinkedHashMap<>();
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // The gate refuses a malformed escape first; this keeps the JDK's words out all the same.
      throw new IllegalArgumentException("a query parameter has a malformed % escape");
    }
  }

  private static String hostName(String host) {
    if (host == null) {
      return "";
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  /** ISO-8601, as JavaScript's {@code Date} parses it. */
  private static final class InstantAdapter extends TypeAdapter<Instant> {
    @Override
    public void write(JsonWriter out, Instant value) throws IOException {
      out.value(value.toString());
    }

    @Override
    public Instant read(JsonReader in) throws IOException {
      return Instant.parse(in.nextString());
    }
  }
}
