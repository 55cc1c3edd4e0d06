package dev.pulldoctor.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.GetClusterRequest;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryGrpc;
import com.google.devtools.artifactregistry.v1.ListRepositoriesRequest;
import com.google.devtools.artifactregistry.v1.ListRepositoriesResponse;
import com.google.devtools.artifactregistry.v1.Repository;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import dev.pulldoctor.SharedSandbox;
import dev.pulldoctor.gcp.GoogleClients.Endpoint;
import dev.pulldoctor.sandbox.Sandbox;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Google API through the generated stubs: retries as each service's settings say, deadline and
 * paging, against the sandbox.
 */
class GrpcApiTest {
  private static final String CLUSTER =
      "projects/acme-prod-417/locations/us-central1/clusters/prod";
  private static final String GET_CLUSTER = "ClusterManager/GetCluster";
  private static final String REPOSITORY =
      "projects/acme-prod-417/locations/us-central1/repositories/services";

  private static Sandbox sandbox;
  private static GoogleClients clients;

  @BeforeAll
  static void world() {
    sandbox = SharedSandbox.load("worlds/five-repositories.json");
    clients = SharedSandbox.clients();
  }

  @AfterAll
  static void close() {
    clients.close();
  }

  @AfterEach
  void clean() {
    sandbox.faults().clear();
    sandbox.calls().reset();
  }

  private static GrpcApi api(Endpoint endpoint, Duration deadline) {
    return clients.api(endpoint, deadline);
  }

  private static String getCluster(GrpcApi api) {
    return api.call(
            ClusterManagerGrpc.getGetClusterMethod(),
            GetClusterRequest.newBuilder().setName(CLUSTER).build())
        .getName();
  }

  @Test
  void read_unavailableTwice_answersOnTheThirdAttempt() {
    sandbox.faults().fail(GET_CLUSTER, Status.Code.UNAVAILABLE, 2);

    String name = getCluster(api(Endpoint.CONTAINER, Duration.ofSeconds(10)));

    assertThat(name).isEqualTo("prod");
    assertThat(sandbox.calls().count(GET_CLUSTER)).isEqualTo(3);
  }

  @Test
  void read_unavailableThrice_givesUpAfterThreeAttempts() {
    sandbox.faults().fail(GET_CLUSTER, Status.Code.UNAVAILABLE, 5);

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> getCluster(api(Endpoint.CONTAINER, Duration.ofSeconds(10))));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(sandbox.calls().count(GET_CLUSTER)).isEqualTo(GrpcApi.ATTEMPTS);
  }

  @Test
  void read_deadlineExceeded_isRetried_becauseGkesSettingsRetryIt() {
    sandbox.faults().fail(GET_CLUSTER, Status.Code.DEADLINE_EXCEEDED, 1);

    assertThat(getCluster(api(Endpoint.CONTAINER, Duration.ofSeconds(10)))).isEqualTo("prod");
    assertThat(sandbox.calls().count(GET_CLUSTER)).isEqualTo(2);
  }

  @Test
  void read_unavailable_isNotRetried_whereGooglesSettingsRetryNothing() {
    sandbox.faults().fail("ArtifactRegistry/GetRepository", Status.Code.UNAVAILABLE, 1);
    GrpcApi registry = api(Endpoint.ARTIFACT_REGISTRY, Duration.ofSeconds(10));

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                registry.call(
                    ArtifactRegistryGrpc.getGetRepositoryMethod(),
                    com.google.devtools.artifactregistry.v1.GetRepositoryRequest.newBuilder()
                        .setName(REPOSITORY)
                        .build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(sandbox.calls().count("ArtifactRegistry/GetRepository")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Status.Code.class,
      names = {"PERMISSION_DENIED", "NOT_FOUND", "RESOURCE_EXHAUSTED", "INTERNAL"})
  void read_otherFailures_areNotRetried(Status.Code code) {
    sandbox.faults().fail(GET_CLUSTER, code, 1);

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> getCluster(api(Endpoint.CONTAINER, Duration.ofSeconds(10))));

    assertThat(e.getStatus().getCode()).isEqualTo(code);
    assertThat(sandbox.calls().count(GET_CLUSTER)).isEqualTo(1);
  }

  @Test
  void write_unavailable_isNotRetried() {
    sandbox.faults().fail("ArtifactRegistry/SetIamPolicy", Status.Code.UNAVAILABLE, 1);
    GrpcApi registry = api(Endpoint.ARTIFACT_REGISTRY, Duration.ofSeconds(10));

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                registry.callOnce(
                    ArtifactRegistryGrpc.getSetIamPolicyMethod(),
                    SetIamPolicyRequest.newBuilder()
                        .setResource(REPOSITORY)
                        .setPolicy(Policy.getDefaultInstance())
                        .build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(sandbox.calls().count("ArtifactRegistry/SetIamPolicy")).isEqualTo(1);
  }

  @Test
  void slowAnswer_endsAtTheDeadline_withDeadlineExceeded() {
    sandbox.faults().delay(GET_CLUSTER, Duration.ofSeconds(5), 1);
    long start = System.nanoTime();

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> getCluster(api(Endpoint.CONTAINER, Duration.ofMillis(300))));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    // Not a speed check: the call must not outlive its deadline by the 5 s answer.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void listAll_followsEveryNextPageToken() {
    GrpcApi registry = api(Endpoint.ARTIFACT_REGISTRY, Duration.ofSeconds(10));

    List<Repository> all =
        registry.listAll(
            ArtifactRegistryGrpc.getListRepositoriesMethod(),
            page ->
                ListRepositoriesRequest.newBuilder()
                    .setParent("projects/acme-prod-417/locations/us-central1")
                    .setPageSize(2)
                    .setPageToken(page)
                    .build(),
            ListRepositoriesResponse::getRepositoriesList,
            ListRepositoriesResponse::getNextPageToken);

    assertThat(all)
        .extracting(r -> r.getName().replaceAll(".*/", ""))
        .hasSize(5)
        .doesNotHaveDuplicates();
    assertThat(sandbox.calls().count("ArtifactRegistry/ListRepositories")).isEqualTo(3);
  }

  @Test
  void close_endsTheChannels_andALaterCallOpensANewOne() {
    GoogleClients own = GoogleClients.sandbox(sandbox.endpoint());
    GrpcApi container = own.api(Endpoint.CONTAINER, Duration.ofSeconds(10));
    getCluster(container);
    own.close();

    assertThat(getCluster(container)).isEqualTo("prod");
    own.close();
  }
}
