package dev.pulldoctor.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.api.gax.rpc.FixedHeaderProvider;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.GetClusterRequest;
import dev.pulldoctor.WireTap;
import dev.pulldoctor.gcp.GoogleClients.Endpoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The caller's quota project goes on the wire as gax sends it: {@code x-goog-user-project} on every
 * call when the credentials name one (Application Default Credentials from {@code gcloud auth
 * application-default login}, or {@code GOOGLE_CLOUD_QUOTA_PROJECT}), and no such header when they
 * do not (a service account's).
 */
class QuotaProjectWireTest {
  private static final String CLUSTER =
      "projects/acme-prod-417/locations/us-central1/clusters/prod";

  private static WireTap tap;

  @BeforeAll
  static void start() {
    tap = WireTap.recorder();
  }

  @AfterAll
  static void stop() {
    tap.close();
  }

  @BeforeEach
  void reset() {
    tap.reset();
  }

  @ParameterizedTest(name = "quota project {0}")
  @NullSource
  @ValueSource(strings = {"billing-417"})
  void ourCall_carriesTheQuotaProjectHeader_exactlyAsGaxDoes(String quotaProject) throws Exception {
    try (GoogleClients ours = GoogleClients.sandbox(tap.endpoint(), quotaProject)) {
      ours.api(Endpoint.CONTAINER, Duration.ofSeconds(5))
          .call(
              ClusterManagerGrpc.getGetClusterMethod(),
              GetClusterRequest.newBuilder().setName(CLUSTER).build());
    }
    try (ClusterManagerClient google = ClusterManagerClient.create(gaxSettings(quotaProject))) {
      google.getCluster(GetClusterRequest.newBuilder().setName(CLUSTER).build());
    }

    List<WireTap.Call> calls = tap.calls();
    assertThat(calls).hasSize(2);
    assertThat(Arrays.asList(userProject(calls.get(0)), userProject(calls.get(1))))
        .as("x-goog-user-project from Pull Doctor, then from gax")
        .containsExactly(quotaProject, quotaProject);
  }

  private static String userProject(WireTap.Call call) {
    return call.header(CallerCredentials.USER_PROJECT.name());
  }

  /** Google's client on the tap, its quota project set as ADC's would set it. */
  private static ClusterManagerSettings gaxSettings(String quotaProject) throws Exception {
    ClusterManagerSettings.Builder b =
        ClusterManagerSettings.newBuilder()
            .setEndpoint(tap.endpoint())
            .setCredentialsProvider(NoCredentialsProvider.create())
            .setHeaderProvider(
                FixedHeaderProvider.create(
                    "authorization", "Bearer " + GoogleClients.SANDBOX_CALLER_TOKEN))
            .setTransportChannelProvider(
                InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(tap.endpoint())
                    .setChannelConfigurator(c -> c.usePlaintext())
                    .build());
    if (quotaProject != null) {
      b.setQuotaProjectId(quotaProject);
    }
    return b.build();
  }
}
