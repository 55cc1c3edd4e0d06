package dev.pulldoctor.bench;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.BeginTransactionResponse;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.GetDocumentRequest;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.pulldoctor.gcp.ProtoMethods;
import io.cloudevents.CloudEvent;
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

/**
 * {@link FirestoreHelloFunction}'s transaction spoken directly in Firestore's v1 gRPC API, hand-
 * described methods over an OkHttp channel: with {@code --decompose}, what the high-level client
 * costs a cold start.
 */
public final class RawFirestoreHelloFunction implements CloudEventsFunction {
  private Channel stub;

  <Q extends Message, R extends Message> R call(String name, Q req, R res) {
    MethodDescriptor<Q, R> method =
        ProtoMethods.describe(
            "google.firestore.v1.Firestore", name, MethodDescriptor.MethodType.UNARY, req, res);
    return ClientCalls.blockingUnaryCall(stub, method, CallOptions.DEFAULT, req);
  }

  @Override
  public synchronized void accept(CloudEvent event) throws Exception {
    if (stub == null) {
      ManagedChannel channel =
          OkHttpChannelBuilder.forTarget(System.getenv("FIRESTORE_EMULATOR_HOST"))
              .usePlaintext()
              .build();
      Metadata headers = new Metadata();
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer owner");
      stub =
          ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    String db = "projects/demo-pull-doctor/databases/(default)";
    String name = db + "/documents/benchHello/" + event.getId();
    ByteString tx =
        call(
                "BeginTransaction",
                BeginTransactionRequest.newBuilder().setDatabase(db).build(),
                BeginTransactionResponse.getDefaultInstance())
            .getTransaction();
    try {
      call(
          "GetDocument",
          GetDocumentRequest.newBuilder().setName(name).setTransaction(tx).build(),
          Document.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
    }
    call(
        "Commit",
        CommitRequest.newBuilder()
            .setDatabase(db)
            .setTransaction(tx)
            .addWrites(
                Write.newBuilder()
                    .setUpdate(
                        Document.newBuilder()
                            .setName(name)
                            .putFields(
                                "type",
                                Value.newBuilder().setStringValue(event.getType()).build())))
            .build(),
        CommitResponse.getDefaultInstance());
  }
}
