package dev.pulldoctor.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page: {@code index.html}, {@code app.js} and {@code app.css} from the jar, read once. No
 * build step and no CDN: what ships is what runs.
 */
final class PageHandler implements HttpHandler {
  static final String RESOURCES = "/dev/pulldoctor/dashboard/";

  private record Asset(String contentType, byte[] bytes) {}

  private final Asset index = load("index.html", "text/html; charset=utf-8");
  private final Map<String, Asset> assets =
      Map.of(
          "/",
          index,
          "/index.html",
          index,
          "/app.js",
          load("app.js", "text/javascript; charset=utf-8"),
          "/app.css",
          load("app.css", "text/css; charset=utf-8"));

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      if (!Http.admit(exchange)) {
        return;
      }
      Asset asset = assets.get(exchange.getRequestURI().getPath());
      if (asset == null) {
        Http.error(exchange, 404, "no such page: " + exchange.getRequestURI().getPath());
        return;
      }
      Http.send(exchange, 200, asset.contentType(), asset.bytes());
    } finally {
      exchange.close();
    }
  }

  private static Asset load(String name, String contentType) {
    try (InputStream in = PageHandler.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + RESOURCES + name);
      }
      return new Asset(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
