package dev.pulldoctor.sandbox;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.ClientSettings;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.FoldersSettings;
import com.google.cloud.resourcemanager.v3.OrganizationsClient;
import com.google.cloud.resourcemanager.v3.OrganizationsSettings;
import com.google.iam.v2.PoliciesGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Google's clients for the services only the sandbox tests call, pointed at a sandbox as the
 * world's caller. IAM v2 has no gax client on this class path (google-iam-policy does not resolve
 * from the mirror), so its generated stub is used, with the routing header its HTTP rule asks for.
 */
final class TestClients {

  private TestClients() {}

  static <S extends ClientSettings<S>, B extends ClientSettings.Builder<S, B>> S settings(
      B builder, Sandbox sandbox) {
    builder
        .setEndpoint(sandbox.endpoint())
        .setCredentialsProvider(NoCredentialsProvider.create())
        .setHeaderProvider(
            FixedHeaderProvider.create("authorization", "Bearer " + Sandbox.CALLER_TOKEN))
        .setTransportChannelProvider(
            InstantiatingGrpcChannelProvider.newBuilder()
                .setEndpoint(sandbox.endpoint())
                .setChannelConfigurator(b -> b.usePlaintext())
                .build());
    try {
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FoldersClient folders(Sandbox sandbox) throws IOException {
    return FoldersClient.create(settings(FoldersSettings.newBuilder(), sandbox));
  }

  static OrganizationsClient organizations(Sandbox sandbox) throws IOException {
    return OrganizationsClient.create(settings(OrganizationsSettings.newBuilder(), sandbox));
  }

  /** A plaintext channel to the sandbox; the caller shuts it down. */
  static ManagedChannel channel(Sandbox sandbox) {
    return OkHttpChannelBuilder.forTarget(sandbox.endpoint()).usePlaintext().build();
  }

  /**
   * IAM v2 Policies as the world's caller, with {@code x-goog-request-params: name=…} (URL-encoded)
   * as Google's GrpcPoliciesStub sends for ListPolicies (parent) and GetPolicy (name).
   */
  static PoliciesGrpc.PoliciesBlockingStub policies(
      ManagedChannel channel, String routingKey, String routingValue) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + Sandbox.CALLER_TOKEN);
    headers.put(
        Metadata.Key.of("x-goog-request-params", Metadata.ASCII_STRING_MARSHALLER),
        routingKey
            + "="
            + java.net.URLEncoder.encode(routingValue, java.nio.charset.StandardCharsets.UTF_8));
    return PoliciesGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }
}
