package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import dev.pulldoctor.gcp.GaxClients;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GKE clusters and node pools as the Container v1 client reads them. */
class SandboxContainerTest {

  private static final String PROD = "projects/acme-prod-417/locations/us-central1/clusters/prod";

  private static Sandbox sandbox;
  private static ClusterManagerClient gke;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(TestWorlds.load("fleet-world.json"));
    gke = GaxClients.sandbox(sandbox.endpoint()).clusterManager();
  }

  @AfterAll
  static void stop() {
    gke.close();
    sandbox.close();
  }

  @Test
  void regionalCluster_spreadsItsInstanceGroupsOverZonesAToC_unlessTheWorldPinsAZone() {
    Cluster prod = gke.getCluster(PROD);

    NodePool pool = prod.getNodePools(0);
    assertThat(pool.getName()).isEqualTo("default-pool");
    assertThat(pool.getConfig().getServiceAccount()).isEqualTo("default");
    assertThat(pool.getConfig().getOauthScopesList())
        .containsExactly("https://www.googleapis.com/auth/cloud-platform");
    String base = "https://www.googleapis.com/compute/v1/projects/acme-prod-417/zones/";
    assertThat(pool.getInstanceGroupUrlsList())
        .containsExactly(
            base + "us-central1-a/instanceGroupManagers/gke-prod-default-pool-a1b2c3d4-grp",
            base + "us-central1-b/instanceGroupManagers/gke-prod-default-pool-e5f6a7b8-grp",
            base + "us-central1-c/instanceGroupManagers/gke-prod-default-pool-c9d0e1f2-grp");
    NodePool batch = prod.getNodePools(1);
    assertThat(batch.getConfig().getServiceAccount())
        .isEqualTo("gke-nodes@acme-prod-417.iam.gserviceaccount.com");
    assertThat(batch.getInstanceGroupUrlsList())
        .containsExactly(base + "us-central1-f/instanceGroupManagers/gke-prod-batch-0a1b2c3d-grp");
    // A pool created without scopes has GKE's defaults, which include devstorage.read_only.
    assertThat(batch.getConfig().getOauthScopesList())
        .contains("https://www.googleapis.com/auth/devstorage.read_only");
    assertThat(prod.getAutopilot().getEnabled()).isFalse();
  }

  @Test
  void zonalCluster_putsItsGroupsInItsZone_andAutopilotIsFlagged() {
    Cluster edge = gke.getCluster("projects/acme-prod-417/locations/europe-west1-b/clusters/edge");
    Cluster auto = gke.getCluster("projects/acme-prod-417/locations/us-east1/clusters/auto");

    assertThat(edge.getNodePools(0).getInstanceGroupUrls(0))
        .isEqualTo(
            "https://www.googleapis.com/compute/v1/"
                + "projects/acme-prod-417/zones/europe-west1-b/instanceGroupManagers/gke-edge-default-pool-11112222-grp");
    assertThat(auto.getAutopilot().getEnabled()).isTrue();
  }

  @Test
  void listClusters_withTheDashLocation_listsEveryLocation() {
    List<String> all =
        gke.listClusters("projects/acme-prod-417/locations/-").getClustersList().stream()
            .map(Cluster::getName)
            .toList();
    List<String> oneRegion =
        gke.listClusters("projects/acme-prod-417/locations/us-central1").getClustersList().stream()
            .map(Cluster::getName)
            .toList();

    assertThat(all).containsExactly("prod", "edge", "auto");
    assertThat(oneRegion).containsExactly("prod");
  }

  @Test
  void nodePools_areListedAndFetchedByName() {
    assertThat(gke.listNodePools(PROD).getNodePoolsList())
        .extracting(NodePool::getName)
        .containsExactly("default-pool", "batch");
    assertThat(gke.getNodePool(PROD + "/nodePools/batch").getName()).isEqualTo("batch");
  }

  @Test
  void errors_followGoogle_notFoundOnlyToThoseWhoMaySeeTheProject() {
    record Case(String cluster, StatusCode.Code code) {}
    List<Case> cases =
        List.of(
            new Case(
                "projects/acme-prod-417/locations/us-central1/clusters/gone",
                StatusCode.Code.NOT_FOUND),
            new Case(
                "projects/acme-dark-423/locations/us-central1/clusters/hidden",
                StatusCode.Code.PERMISSION_DENIED),
            new Case(
                "projects/acme-dark-423/locations/us-central1/clusters/nope",
                StatusCode.Code.PERMISSION_DENIED),
            new Case(
                "projects/acme-nogke-424/locations/us-central1/clusters/x",
                StatusCode.Code.PERMISSION_DENIED),
            new Case(
                "projects/unknown-project/locations/us-central1/clusters/x",
                StatusCode.Code.PERMISSION_DENIED));
    for (Case c : cases) {
      ApiException e = catchThrowableOfType(ApiException.class, () -> gke.getCluster(c.cluster()));

      assertThat(e).as(c.cluster()).isNotNull();
      assertThat(e.getStatusCode().getCode()).as(c.cluster()).isEqualTo(c.code());
    }
    ApiException off =
        catchThrowableOfType(
            ApiException.class,
            () -> gke.getCluster("projects/acme-nogke-424/locations/us-central1/clusters/x"));
    assertThat(off.getReason()).isEqualTo("SERVICE_DISABLED");
  }
}
