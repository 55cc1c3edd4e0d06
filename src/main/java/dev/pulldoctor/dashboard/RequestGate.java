package dev.pulldoctor.dashboard;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's listening socket, in front of the JDK's HTTP server: it reads each request's
 * head, answers the requests the JDK server would refuse with its own bare HTML page (a request
 * line it cannot split, a target {@link URI} cannot parse such as a malformed {@code %zz} escape, a
 * head too large, a chunked body) with the dashboard's small JSON error and security headers, and
 * relays every other byte unchanged, keep-alive included.
 *
 * <p>The JDK server parses the target with {@code new URI(...)} before any handler or filter runs,
 * and rejects a failure itself ({@code sun.net.httpserver.ServerImpl.Exchange#run},
 * "URISyntaxException thrown"): no hook of {@code com.sun.net.httpserver} reaches that answer.
 */
final class RequestGate implements AutoCloseable {
  /** The JDK server's own default bound of a request head (sun.net.httpserver.maxReqHeaders). */
  static final int MAX_HEAD_BYTES = 64 * 1024;

  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private RequestGate(ServerSocket listener, InetSocketAddress upstream, ExecutorService threads) {
    this.listener = listener;
    this.upstream = upstream;
    this.threads = threads;
  }

  /** Listens on 127.0.0.1:{@code port} (0: a free one) and relays to {@code upstream}. */
  static RequestGate start(int port, InetSocketAddress upstream) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    AtomicInteger n = new AtomicInteger();
    ExecutorService threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "dashboard-gate-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    RequestGate gate = new RequestGate(listener, upstream, threads);
    threads.execute(gate::acceptLoop);
    return gate;
  }

  int port() {
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        threads.execute(() -> serve(client));
      } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
        return; // closed
      }
    }
  }

  /** One client connection: its requests checked one by one, the server's answers relayed. */
  private void serve(Socket client) {
    open.add(client);
    try (client;
        Socket server = new Socket()) {
      client.setTcpNoDelay(true);
      server.setTcpNoDelay(true);
      server.connect(upstream);
      OutputStream toClient = client.getOutputStream();
      AtomicBoolean refusing = new AtomicBoolean();
      Future<?> answers = threads.submit(() -> relay(server, client, refusing));
      InputStream fromClient = new BufferedInputStream(client.getInputStream());
      OutputStream toServer = server.getOutputStream();
      while (true) {
        byte[] head = readHead(fromClient);
        if (head == null) {
          break; // the client is done
        }
        boolean tooLarge = head.length > MAX_HEAD_BYTES;
        Request request = tooLarge ? null : Request.parse(head);
        String refusal = tooLarge ? "the request head is too large" : request.refusal();
        if (refusal != null) {
          // Let the server finish the answers it owes, then answer this one and close.
          refusing.set(true);
          server.shutdownOutput();
          answers.get();
          toClient.write(Http.errorResponse(tooLarge ? 431 : 400, refusal));
          toClient.flush();
          return;
        }
        toServer.write(head);
        copy(fromClient, toServer, request.contentLength());
        toServer.flush();
      }
      server.shutdownOutput();
      answers.get();
    } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException e) {
      // The connection ended under us: nothing to answer to.
    } finally {
      open.remove(client);
    }
  }

  /**
   * The server's answers to the client, until the server closes (it does after a {@code Connection:
   * close} answer); then the client's side is ended too, unless the gate is about to write a
   * refusal of its own there.
   */
  private static void relay(Socket server, Socket client, AtomicBoolean refusing) {
    try {
      OutputStream toClient = client.getOutputStream();
      server.getInputStream().transferTo(toClient);
      toClient.flush();
      if (!refusing.get()) {
        client.shutdownOutput();
      }
    } catch (IOException e) {
      // Either side closed.
    }
  }

  /**
   * The bytes up to and including the blank line ending a request head; null at end of stream
   * before any byte; past {@link #MAX_HEAD_BYTES}, a head longer than that (not read further).
   */
  static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    int last4 = 0;
    while (head.size() <= MAX_HEAD_BYTES) {
      int b;
      try {
        b = in.read();
      } catch (SocketException closed) {
        b = -1;
      }
      if (b < 0) {
        return head.size() == 0 ? null : head.toByteArray();
      }
      // Blank lines before a request line are allowed (RFC 9112 §2.2).
      if (head.size() == 0 && (b == '\r' || b == '\n')) {
        continue;
      }
      head.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a || (last4 & 0xffff) == 0x0a0a) {
        return head.toByteArray();
      }
    }
    return head.toByteArray();
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buffer = new byte[8192];
    while (n > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
      if (read < 0) {
        return;
      }
      out.write(buffer, 0, read);
      n -= read;
    }
  }

  /** What the gate needs of a request head: its target and the length of its body. */
  record Request(String method, String target, Map<String, String> headers, String badLine) {

    static Request parse(byte[] head) {
      String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r?\n");
      String[] parts = lines[0].split(" ", -1);
      if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
        return new Request(null, null, Map.of(), "the request line is not METHOD TARGET HTTP/1.1");
      }
      Map<String, String> headers = new java.util.HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.putIfAbsent(
              lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).strip());
        }
      }
      return new Request(parts[0], parts[1], Map.copyOf(headers), null);
    }

    /** Why the JDK server would refuse this request with its own page; null when it would not. */
    String refusal() {
      if (badLine != null) {
        return badLine;
      }
      try {
        new URI(target);
      } catch (URISyntaxException e) {
        // The reason without the echoed input: "Malformed escape pair", "Illegal character".
        return "the request's URL is malformed: " + e.getReason().toLowerCase(Locale.ROOT);
      }
      if (headers.containsKey("transfer-encoding")) {
        return "the dashboard is read-only: request bodies are not served";
      }
      if (contentLength() < 0) {
        return "the request's Content-Length is not a number";
      }
      return null;
    }

    long contentLength() {
      String value = headers.get("content-length");
      if (value == null) {
        return 0;
      }
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // Closing a listener that failed: nothing left to do.
    }
    // A kept-alive client would hold its thread in a read for as long as it keeps the connection.
    for (Socket client : open) {
      try {
        client.close();
      } catch (IOException e) {
        // Already gone.
      }
    }
    threads.shutdownNow();
  }
}
