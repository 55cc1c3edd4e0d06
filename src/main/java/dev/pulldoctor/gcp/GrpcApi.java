package dev.pulldoctor.gcp;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One Google API as the adapters call it: the method descriptors of Google's generated gRPC stubs
 * (the grpc-google-cloud-* artifacts) on a channel to the API's endpoint, with the caller's
 * credentials, sending what Google's generated gax stub sends for the method ({@link ApiMethod}:
 * the {@code x-goog-request-params} routing header) and bounded by the method's own timeout within
 * API_DEADLINE. A method that {@link ApiMethod} does not list is refused before anything is sent.
 *
 * <p>Not the gax clients: creating one loads and initialises every method of its service with its
 * request and response classes, its settings and callables — about 400 ms of a cold start for the
 * seven clients the first event needs (docs/benchmark.md) — while a generated stub builds a
 * method's descriptor when the method is first called.
 *
 * <p>A read is retried, like the gax stubs do, when the API answers one of the method's retryable
 * codes (none for Artifact Registry; UNAVAILABLE, and for some APIs DEADLINE_EXCEEDED, for the
 * others), with the stub's growing pause, all within one deadline; unlike gax, at most {@link
 * #ATTEMPTS} attempts, so that a storm of events does not hammer an API that is down. A write
 * ({@link #callOnce}) is not retried; its caller decides.
 */
public final class GrpcApi {
  static final int ATTEMPTS = 3;

  private final Supplier<ManagedChannel> channel;
  private final Supplier<CallCredentials> credentials;
  private final Duration deadline;

  GrpcApi(
      Supplier<ManagedChannel> channel, Supplier<CallCredentials> credentials, Duration deadline) {
    this.channel = channel;
    this.credentials = credentials;
    this.deadline = deadline;
  }

  /** The same API called with other credentials, such as a node account's minted token. */
  GrpcApi as(CallCredentials other) {
    return new GrpcApi(channel, () -> other, deadline);
  }

  /**
   * Builds the channel and the credentials and starts connecting (name resolution, TCP, TLS,
   * HTTP/2), without calling the API: the function's warm-up, so that its first call finds the
   * connection made.
   */
  void open() {
    channel.get().getState(true);
    credentials.get();
  }

  /**
   * Runs each method's response parser once, on an empty message. Loading and verifying a
   * response's builder loads the class of every field it can parse — a hundred for a GKE {@code
   * Cluster} — which the first real answer would otherwise pay on the event's thread; the
   * function's warm-up does it while the HTTP server starts.
   */
  public static void primeParsers(List<? extends MethodDescriptor<?, ?>> methods) {
    for (MethodDescriptor<?, ?> method : methods) {
      method.parseResponse(InputStream.nullInputStream());
    }
  }

  /** A read: retried on the method's retryable codes within the deadline. */
  public <Q, R> R call(MethodDescriptor<Q, R> method, Q request) {
    ApiMethod registered = ApiMethod.of(method.getFullMethodName());
    ApiMethod.Settings settings = registered.settings();
    Deadline until = deadline(settings);
    Duration pause = settings.firstDelay();
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(method, registered, request, until);
      } catch (StatusRuntimeException e) {
        boolean again =
            settings.retryable().contains(e.getStatus().getCode())
                && attempt < ATTEMPTS
                && until.timeRemaining(TimeUnit.MILLISECONDS) > pause.toMillis();
        if (!again) {
          throw e;
        }
        sleep(pause.toMillis());
        Duration next = Duration.ofNanos((long) (pause.toNanos() * settings.multiplier()));
        pause = next.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : next;
      }
    }
  }

  /**
   * Every item of a paged list: asks for the page of each next page token until there is none, each
   * page a read within its own deadline.
   */
  public <Q, R, T> List<T> listAll(
      MethodDescriptor<Q, R> method,
      Function<String, Q> requestForPage,
      Function<R, List<T>> items,
      Function<R, String> nextPage) {
    List<T> all = new ArrayList<>();
    String page = "";
    do {
      R response = call(method, requestForPage.apply(page));
      all.addAll(items.apply(response));
      page = nextPage.apply(response);
    } while (!page.isEmpty());
    return all;
  }

  /** A write: one attempt within the deadline. */
  public <Q, R> R callOnce(MethodDescriptor<Q, R> method, Q request) {
    ApiMethod registered = ApiMethod.of(method.getFullMethodName());
    return attempt(method, registered, request, deadline(registered.settings()));
  }

  private Deadline deadline(ApiMethod.Settings settings) {
    return Deadline.after(settings.deadlineWithin(deadline).toNanos(), TimeUnit.NANOSECONDS);
  }

  private <Q, R> R attempt(
      MethodDescriptor<Q, R> method, ApiMethod registered, Q request, Deadline until) {
    CallOptions options =
        CallOptions.DEFAULT.withDeadline(until).withCallCredentials(credentials.get());
    Channel routed =
        ClientInterceptors.intercept(
            channel.get(), MetadataUtils.newAttachHeadersInterceptor(registered.headers(request)));
    return ClientCalls.blockingUnaryCall(routed, method, options, request);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StatusRuntimeException(Status.CANCELLED.withDescription("interrupted"));
    }
  }
}
