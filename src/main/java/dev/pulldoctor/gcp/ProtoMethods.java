package dev.pulldoctor.gcp;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/**
 * Describes a method of a Google API whose generated gRPC stub is not on the class path (the
 * Locations mixin, Firestore v1): the descriptor the stub would build, over the official proto
 * classes.
 */
public final class ProtoMethods {
  private ProtoMethods() {}

  /**
   * {@code service/method} of {@code type}, marshalling {@code request}'s and {@code response}'s.
   */
  public static <Q extends Message, R extends Message> MethodDescriptor<Q, R> describe(
      String service, String method, MethodDescriptor.MethodType type, Q request, R response) {
    return MethodDescriptor.<Q, R>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method))
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .build();
  }
}
