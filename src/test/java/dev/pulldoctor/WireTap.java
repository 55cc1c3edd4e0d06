package dev.pulldoctor;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.HandlerRegistry;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.okhttp.OkHttpServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A gRPC tap on a loopback port: every call that reaches it is recorded as it arrived (method,
 * headers, request bytes), then either answered with one empty message ({@link #recorder}) or
 * forwarded byte for byte to another endpoint with its headers, which a test may edit on the way —
 * strip the routing header or the token ({@link #forwardingTo}).
 *
 * <p>Generic over every service: a fallback handler with a byte-array marshaller, so that it needs
 * no stub of its own and changes nothing it does not mean to.
 */
public final class WireTap implements AutoCloseable {

  /** One call as it arrived. */
  public record Call(String method, Metadata headers, byte[] request) {

    /** The value of an ASCII header, or null. */
    public String header(String key) {
      return headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
    }

    /** {@code Service/Method} with the service's simple name, as the sandbox counts calls. */
    public String shortMethod() {
      int slash = method.indexOf('/');
      String service = method.substring(0, slash);
      return service.substring(service.lastIndexOf('.') + 1) + method.substring(slash);
    }
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  // Headers gRPC sets on each call itself; copying them would send them twice.
  private static final Set<String> TRANSPORT =
      Set.of("content-type", "user-agent", "te", "grpc-accept-encoding", "grpc-encoding");

  private final Server server;
  private final ManagedChannel upstream;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile Consumer<Metadata> edit = headers -> {};

  private WireTap(String upstreamEndpoint) throws IOException {
    this.upstream =
        upstreamEndpoint == null
            ? null
            : OkHttpChannelBuilder.forTarget(upstreamEndpoint).usePlaintext().build();
    this.server =
        OkHttpServerBuilder.forPort(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
                InsecureServerCredentials.create())
            .fallbackHandlerRegistry(new Registry())
            .build()
            .start();
  }

  /** A tap that records each call and answers it with one empty message and OK. */
  public static WireTap recorder() {
    try {
      return new WireTap(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tap that records each call and forwards it to {@code endpoint} ({@code host:port}). */
  public static WireTap forwardingTo(String endpoint) {
    try {
      return new WireTap(endpoint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Edits the headers of every call forwarded from now on (the recording keeps them as sent). */
  public WireTap editing(Consumer<Metadata> edit) {
    this.edit = edit;
    return this;
  }

  /** Removes an ASCII header from every forwarded call. */
  public WireTap stripping(String header) {
    return editing(h -> h.discardAll(Metadata.Key.of(header, Metadata.ASCII_STRING_MARSHALLER)));
  }

  /** {@code 127.0.0.1:PORT}. */
  public String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /** Every call so far, oldest first. */
  public List<Call> calls() {
    return new ArrayList<>(calls);
  }

  public void reset() {
    calls.clear();
  }

  @Override
  public void close() {
    server.shutdownNow();
    if (upstream != null) {
      upstream.shutdownNow();
    }
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Registry extends HandlerRegistry {
    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
      MethodDescriptor<byte[], byte[]> method =
          MethodDescriptor.newBuilder(BYTES, BYTES)
              .setFullMethodName(methodName)
              .setType(MethodDescriptor.MethodType.UNKNOWN)
              .build();
      return ServerMethodDefinition.create(
          method, upstream == null ? new Answer() : new Forward(method));
    }
  }

  /** Records the request and answers one empty message: a valid answer of every proto method. */
  private final class Answer implements ServerCallHandler<byte[], byte[]> {
    @Override
    public ServerCall.Listener<byte[]> startCall(
        ServerCall<byte[], byte[]> call, Metadata headers) {
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          calls.add(new Call(call.getMethodDescriptor().getFullMethodName(), headers, message));
        }

        @Override
        public void onHalfClose() {
          call.sendHeaders(new Metadata());
          call.sendMessage(new byte[0]);
          call.close(Status.OK, new Metadata());
        }
      };
    }
  }

  /** Records the request and relays the call, both ways, to the upstream endpoint. */
  private final class Forward implements ServerCallHandler<byte[], byte[]> {
    private final MethodDescriptor<byte[], byte[]> method;

    Forward(MethodDescriptor<byte[], byte[]> method) {
      this.method = method;
    }

    @Override
    public ServerCall.Listener<byte[]> startCall(
        ServerCall<byte[], byte[]> serverCall, Metadata headers) {
      Metadata onward = new Metadata();
      for (String key : headers.keys()) {
        if (key.startsWith(":") || TRANSPORT.contains(key)) {
          continue;
        }
        if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
          Metadata.Key<byte[]> k = Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER);
          headers.getAll(k).forEach(v -> onward.put(k, v));
        } else {
          Metadata.Key<String> k = Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
          headers.getAll(k).forEach(v -> onward.put(k, v));
        }
      }
      edit.accept(onward);
      ClientCall<byte[], byte[]> clientCall =
          upstream.newCall(
              method,
              io.grpc.Context.current().getDeadline() == null
                  ? CallOptions.DEFAULT
                  : CallOptions.DEFAULT.withDeadline(io.grpc.Context.current().getDeadline()));
      clientCall.start(
          new ClientCall.Listener<>() {
            @Override
            public void onHeaders(Metadata h) {
              serverCall.sendHeaders(h);
            }

            @Override
            public void onMessage(byte[] message) {
              serverCall.sendMessage(message);
              clientCall.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              serverCall.close(status, trailers);
            }
          },
          onward);
      clientCall.request(1);
      serverCall.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          calls.add(new Call(method.getFullMethodName(), headers, message));
          clientCall.sendMessage(message);
          serverCall.request(1);
        }

        @Override
        public void onHalfClose() {
          clientCall.halfClose();
        }

        @Override
        public void onCancel() {
          clientCall.cancel("tap: the caller cancelled", null);
        }
      };
    }
  }
}
