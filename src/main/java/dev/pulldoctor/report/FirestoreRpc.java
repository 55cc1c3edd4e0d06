package dev.pulldoctor.report;

import com.google.api.gax.grpc.GrpcStatusCode;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ApiExceptionFactory;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.BeginTransactionResponse;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.RollbackRequest;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.Write;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import dev.pulldoctor.gcp.ApiMethod;
import dev.pulldoctor.gcp.CallerCredentials;
import dev.pulldoctor.gcp.GoogleErrors;
import dev.pulldoctor.gcp.GrpcApi;
import dev.pulldoctor.gcp.ProtoMethods;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The calls of Firestore's v1 gRPC API that the function needs, made directly over a gRPC channel.
 * The high-level client ({@code com.google.cloud.firestore}) loads thousands of classes on a cold
 * start for the same few calls (docs/benchmark.md); these are built by hand from the official
 * request and response messages, as the generated {@code FirestoreGrpc} stub would build them
 * (https://cloud.google.com/firestore/docs/reference/rpc/google.firestore.v1).
 *
 * <p>Every call is bounded by the API deadline. A failure is thrown as gax's {@link ApiException}
 * with the gRPC status code, as the high-level client throws it, so that callers tell a transient
 * failure from the rest the same way.
 */
final class FirestoreRpc {
  private static final String SERVICE = "google.firestore.v1.Firestore";
  private static final String FIRESTORE_HOST = "firestore.googleapis.com";
  private static final String DATASTORE_SCOPE = "https://www.googleapis.com/auth/datastore";

  private static final MethodDescriptor<BeginTransactionRequest, BeginTransactionResponse>
      BEGIN_TRANSACTION =
          method(
              "BeginTransaction",
              MethodDescriptor.MethodType.UNARY,
              BeginTransactionRequest.getDefaultInstance(),
              BeginTransactionResponse.getDefaultInstance());
  private static final MethodDescriptor<BatchGetDocumentsRequest, BatchGetDocumentsResponse>
      BATCH_GET_DOCUMENTS =
          method(
              "BatchGetDocuments",
              MethodDescriptor.MethodType.SERVER_STREAMING,
              BatchGetDocumentsRequest.getDefaultInstance(),
              BatchGetDocumentsResponse.getDefaultInstance());
  private static final MethodDescriptor<CommitRequest, CommitResponse> COMMIT =
      method(
          "Commit",
          MethodDescriptor.MethodType.UNARY,
          CommitRequest.getDefaultInstance(),
          CommitResponse.getDefaultInstance());
  private static final MethodDescriptor<RollbackRequest, Empty> ROLLBACK =
      method(
          "Rollback",
          MethodDescriptor.MethodType.UNARY,
          RollbackRequest.getDefaultInstance(),
          Empty.getDefaultInstance());
  private static final MethodDescriptor<RunQueryRequest, RunQueryResponse> RUN_QUERY =
      method(
          "RunQuery",
          MethodDescriptor.MethodType.SERVER_STREAMING,
          RunQueryRequest.getDefaultInstance(),
          RunQueryResponse.getDefaultInstance());

  /**
   * One channel per endpoint for the whole process: a channel multiplexes every call and is meant
   * to live as long as its user (https://grpc.io/docs/guides/performance/), and tests open many
   * stores on one emulator.
   */
  private static final ConcurrentMap<String, ManagedChannel> CHANNELS = new ConcurrentHashMap<>();

  private final FirestoreTarget target;
  private final Duration deadline;
  private final CallCredentials credentials;
  private final FirestoreCalls calls;

  /** Carries the resource prefix header of every call. */
  private final Channel prefixed;

  /** The connection under both, which {@link #connect} opens ahead of the first call. */
  private final ManagedChannel channel;

  private FirestoreRpc(
      FirestoreTarget target,
      Duration deadline,
      CallCredentials credentials,
      FirestoreCalls calls,
      ManagedChannel channel,
      Channel intercepted) {
    this.target = target;
    this.calls = calls;
    this.channel = channel;
    this.deadline = deadline;
    this.credentials = credentials;
    this.prefixed = withPrefix(intercepted, target);
  }

  /**
   * The calls on {@code target}, each bounded by {@code deadline}. Opens the channel (which
   * connects on its first call) and, outside the emulator, finds Application Default Credentials;
   * calls nothing.
   *
   * @throws IllegalStateException without credentials, in one line that says what to do
   */
  static FirestoreRpc open(FirestoreTarget target, Duration deadline) {
    return open(target, deadline, FirestoreCalls.NONE);
  }

  /** The same, telling {@code calls} of each call made. */
  static FirestoreRpc open(FirestoreTarget target, Duration deadline, FirestoreCalls calls) {
    if (target.emulatorHost() != null) {
      ManagedChannel channel =
          CHANNELS.computeIfAbsent(
              target.emulatorHost(),
              host -> OkHttpChannelBuilder.forTarget(host).usePlaintext().build());
      // The emulator accepts this token as an administrator's, the high-level client's choice too.
      Metadata owner = new Metadata();
      owner.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer owner");
      return new FirestoreRpc(
          target,
          deadline,
          null,
          calls,
          channel,
          ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(owner)));
    }
    ManagedChannel channel =
        CHANNELS.computeIfAbsent(
            FIRESTORE_HOST, host -> OkHttpChannelBuilder.forAddress(host, 443).build());
    return new FirestoreRpc(target, deadline, applicationDefault(), calls, channel, channel);
  }

  /**
   * Starts connecting (name resolution, TCP, TLS, HTTP/2) without a call, so that the first call
   * finds the connection made, and primes the transaction's response parsers: the function's
   * warm-up does this while its HTTP server starts.
   */
  void connect() {
    channel.getState(true);
    GrpcApi.primeParsers(List.of(BEGIN_TRANSACTION, BATCH_GET_DOCUMENTS, COMMIT));
  }

  FirestoreTarget target() {
    return target;
  }

  /**
   * Starts a read-write transaction; {@code retrying} is the id of the attempt that was aborted, or
   * null. As the high-level client does, a first attempt sends no options (read-write is the
   * default), and a retry names the aborted attempt, which keeps its place in line for locks.
   */
  ByteString beginTransaction(ByteString retrying) {
    BeginTransactionRequest.Builder request =
        BeginTransactionRequest.newBuilder().setDatabase(target.databasePath());
    if (retrying != null) {
      request.getOptionsBuilder().getReadWriteBuilder().setRetryTransaction(retrying);
    }
    return unary(BEGIN_TRANSACTION, request.build()).getTransaction();
  }

  /**
   * The documents of {@code names} that exist, by name, read in {@code transaction} (or outside any
   * when null); a missing one is absent.
   */
  Map<String, Document> batchGet(ByteString transaction, Collection<String> names) {
    BatchGetDocumentsRequest.Builder request =
        BatchGetDocumentsRequest.newBuilder()
            .setDatabase(target.databasePath())
            .addAllDocuments(names);
    if (transaction != null) {
      request.setTransaction(transaction);
    }
    Map<String, Document> found = new HashMap<>();
    for (BatchGetDocumentsResponse r : stream(BATCH_GET_DOCUMENTS, request.build())) {
      if (r.hasFound()) {
        found.put(r.getFound().getName(), r.getFound());
      }
    }
    return found;
  }

  /** Commits {@code writes} in {@code transaction}. */
  void commit(ByteString transaction, List<Write> writes) {
    List<String> written = new ArrayList<>(writes.size());
    for (Write w : writes) {
      written.add(w.hasUpdate() ? w.getUpdate().getName() : w.getDelete());
    }
    unary(
        COMMIT,
        CommitRequest.newBuilder()
            .setDatabase(target.databasePath())
            .setTransaction(transaction)
            .addAllWrites(writes)
            .build());
    calls.committed(written);
  }

  /** Rolls {@code transaction} back, releasing what it holds. */
  void rollback(ByteString transaction) {
    unary(
        ROLLBACK,
        RollbackRequest.newBuilder()
            .setDatabase(target.databasePath())
            .setTransaction(transaction)
            .build());
  }

  /** The documents {@code query} finds among the top-level collections, in its order. */
  List<Document> runQuery(StructuredQuery query) {
    RunQueryRequest request =
        RunQueryRequest.newBuilder()
            .setParent(target.documentsPath())
            .setStructuredQuery(query)
            .build();
    List<Document> documents = new ArrayList<>();
    // Some responses carry only progress (a read time), no document.
    for (RunQueryResponse r : stream(RUN_QUERY, request)) {
      if (r.hasDocument()) {
        documents.add(r.getDocument());
      }
    }
    return documents;
  }

  private <Q, R> R unary(MethodDescriptor<Q, R> method, Q request) {
    calls.called(method.getBareMethodName());
    try {
      return ClientCalls.blockingUnaryCall(routed(method, request), method, callOptions(), request);
    } catch (StatusRuntimeException e) {
      throw apiException(e);
    }
  }

  /** Every response of a server-streaming call, read to the end so that the call completes. */
  private <Q, R> List<R> stream(MethodDescriptor<Q, R> method, Q request) {
    calls.called(method.getBareMethodName());
    try {
      List<R> responses = new ArrayList<>();
      Iterator<R> it =
          ClientCalls.blockingServerStreamingCall(
              routed(method, request), method, callOptions(), request);
      it.forEachRemaining(responses::add);
      return responses;
    } catch (StatusRuntimeException e) {
      throw apiException(e);
    }
  }

  private CallOptions callOptions() {
    CallOptions options =
        CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    return credentials == null ? options : options.withCallCredentials(credentials);
  }

  /**
   * gax's exception for a failed call, as the high-level client throws it: retryable for the codes
   * that clear up on their own, which the function answers by having the event redelivered.
   */
  static ApiException apiException(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    return ApiExceptionFactory.createException(
        e, GrpcStatusCode.of(code), GoogleErrors.isTransient(code));
  }

  /**
   * The routing header Google's generated {@code GrpcFirestoreStub} sends with the call ({@code
   * database=…}, or {@code parent=…} for a query: Firestore needs it to route a call to a named
   * database), from the one table of methods Pull Doctor calls.
   */
  private <Q> Channel routed(MethodDescriptor<Q, ?> method, Q request) {
    return ClientInterceptors.intercept(
        prefixed,
        MetadataUtils.newAttachHeadersInterceptor(
            ApiMethod.of(method.getFullMethodName()).headers(request)));
  }

  /** The resource prefix the high-level client sends with each call. */
  private static Channel withPrefix(Channel channel, FirestoreTarget target) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("google-cloud-resource-prefix", Metadata.ASCII_STRING_MARSHALLER),
        target.databasePath());
    return ClientInterceptors.intercept(
        channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static CallCredentials applicationDefault() {
    try {
      return CallerCredentials.of(
          GoogleCredentials.getApplicationDefault().createScoped(DATASTORE_SCOPE));
    } catch (IOException e) {
      throw new IllegalStateException(
          "no Google Cloud credentials for Firestore: set GOOGLE_APPLICATION_CREDENTIALS or run"
              + " 'gcloud auth application-default login' (or set FIRESTORE_EMULATOR_HOST for the"
              + " emulator)",
          new UncheckedIOException(e));
    }
  }

  private static <Q extends Message, R extends Message> MethodDescriptor<Q, R> method(
      String name, MethodDescriptor.MethodType type, Q request, R response) {
    return ProtoMethods.describe(SERVICE, name, type, request, response);
  }
}
