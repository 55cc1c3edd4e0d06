package dev.pulldoctor.dashboard;

import com.sun.net.httpserver.HttpServer;
import dev.pulldoctor.report.FindingStore;
import dev.pulldoctor.report.StructuredLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read-only web dashboard over the incidents of a {@link FindingStore}: the page at {@code /}
 * and its JSON API under {@code /api/}, served on 127.0.0.1 only.
 */
public final class DashboardServer implements AutoCloseable {
  /**
   * Pages of open incidents {@code /api/summary} reads at most: 5 × 200 = 1,000 documents, so that
   * each of the page's polls costs a bounded number of reads whatever the collection holds.
   */
  public static final int SUMMARY_PAGES = 5;

  private static final String NODELAY = "sun.net.httpserver.nodelay";

  private final HttpServer server;
  private final RequestGate gate;
  private final ExecutorService executor;

  private DashboardServer(HttpServer server, RequestGate gate, ExecutorService executor) {
    this.server = server;
    this.gate = gate;
    this.executor = executor;
  }

  /** Serves {@code store} on 127.0.0.1:{@code port}; port 0 picks a free one. */
  public static DashboardServer start(FindingStore store, int port) throws IOException {
    return start(store, port, Clock.systemUTC(), SUMMARY_PAGES);
  }

  /** As {@link #start(FindingStore, int)}, with the clock and the summary's bound chosen. */
  public static DashboardServer start(FindingStore store, int port, Clock clock, int summaryPages)
      throws IOException {
    // The JDK server writes a response's headers and body apart; with Nagle's algorithm on, a
    // small body then waits for the client's delayed ACK on a kept-alive connection, about 40 ms
    // an answer. The server reads this property once, when the JVM's first HttpServer starts.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
    // The JDK server listens on a free loopback port of its own; the gate owns the port asked for
    // and answers, in the dashboard's JSON, the requests the JDK server would refuse in HTML.
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", new PageHandler());
    server.createContext(
        "/api/", new ApiHandler(store, clock, summaryPages, StructuredLog.stderr()));
    // A few threads: a page polls two URLs at a time, and the store's calls block on the network.
    ExecutorService executor = Executors.newFixedThreadPool(4, daemonThreads());
    server.setExecutor(executor);
    server.start();
    RequestGate gate;
    try {
      gate = RequestGate.start(port, server.getAddress());
    } catch (IOException e) {
      server.stop(0);
      executor.shutdownNow();
      throw e;
    }
    return new DashboardServer(server, gate, executor);
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + gate.port() + "/");
  }

  @Override
  public void close() {
    gate.close();
    server.stop(0);
    executor.shutdownNow();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "dashboard-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
