package dev.pulldoctor.gcp;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/**
 * Call credentials that are one header, sent as it is on any channel: the sandbox's bearer token
 * (plaintext, where gRPC's Google-auth call credentials refuse to send one) and the quota project
 * beside Google's token.
 */
final class HeaderCredentials extends CallCredentials {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final Metadata.Key<String> key;
  private final String value;

  HeaderCredentials(Metadata.Key<String> key, String value) {
    this.key = key;
    this.value = value;
  }

  /** {@code authorization: Bearer TOKEN}. */
  static HeaderCredentials bearer(String token) {
    return new HeaderCredentials(AUTHORIZATION, "Bearer " + token);
  }

  @Override
  public void applyRequestMetadata(
      RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    Metadata headers = new Metadata();
    headers.put(key, value);
    applier.apply(headers);
  }
}
