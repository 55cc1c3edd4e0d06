package dev.pulldoctor.sandbox;

import com.google.container.v1.Autopilot;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.GetNodePoolRequest;
import com.google.container.v1.ListClustersRequest;
import com.google.container.v1.ListClustersResponse;
import com.google.container.v1.ListNodePoolsRequest;
import com.google.container.v1.ListNodePoolsResponse;
import com.google.container.v1.NodeConfig;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** GKE's Cluster Manager v1: clusters and their node pools, as Pull Doctor reads them. */
final class ClusterManagerService extends ClusterManagerGrpc.ClusterManagerImplBase {

  private static final String SERVICE = "container.googleapis.com";
  private static final String CLUSTER = "projects/{}/locations/{}/clusters/{}";

  private final Access access;

  ClusterManagerService(Access access) {
    this.access = access;
  }

  private record Found(Project project, Cluster cluster) {}

  /**
   * The cluster named in a request. GKE grants on the project only, so the permission is checked
   * there, before telling whether the cluster exists.
   */
  private Found cluster(String name) {
    List<String> ids = Names.parse(name, CLUSTER);
    String permission = Access.permission();
    Project project = access.project(ids.get(0), permission, name);
    access.requireEnabled(project, SERVICE);
    access.require(PolicyKey.project(project.id()), permission, name);
    Cluster cluster =
        project
            .cluster(ids.get(1), ids.get(2))
            .orElseThrow(() -> Errors.notFound("Not found: " + name + "."));
    return new Found(project, cluster);
  }

  @SuppressWarnings("deprecation") // the zone-style fields of older callers
  private static String clusterName(String name, String project, String zone, String cluster) {
    return !name.isEmpty()
        ? name
        : "projects/" + project + "/locations/" + zone + "/clusters/" + cluster;
  }

  @Override
  @SuppressWarnings("deprecation")
  public void getCluster(
      GetClusterRequest request, StreamObserver<com.google.container.v1.Cluster> out) {
    Access.answer(
        out,
        () -> {
          String name =
              clusterName(
                  request.getName(),
                  request.getProjectId(),
                  request.getZone(),
                  request.getClusterId());
          Found f = cluster(name);
          return describe(f.project(), f.cluster());
        });
  }

  @Override
  @SuppressWarnings("deprecation")
  public void listClusters(ListClustersRequest request, StreamObserver<ListClustersResponse> out) {
    Access.answer(
        out,
        () -> {
          String parent =
              !request.getParent().isEmpty()
                  ? request.getParent()
                  : "projects/" + request.getProjectId() + "/locations/" + request.getZone();
          List<String> ids = Names.parse(parent, "projects/{}/locations/{}");
          String permission = Access.permission();
          Project project = access.project(ids.get(0), permission, parent);
          access.requireEnabled(project, SERVICE);
          access.require(PolicyKey.project(project.id()), permission, parent);
          // `-` lists every location
          // (https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters/list).
          ListClustersResponse.Builder response = ListClustersResponse.newBuilder();
          for (Cluster c : project.clusters().values()) {
            if (ids.get(1).equals("-") || c.location().equals(ids.get(1))) {
              response.addClusters(describe(project, c));
            }
          }
          return response.build();
        });
  }

  @Override
  @SuppressWarnings("deprecation")
  public void listNodePools(
      ListNodePoolsRequest request, StreamObserver<ListNodePoolsResponse> out) {
    Access.answer(
        out,
        () -> {
          String name =
              clusterName(
                  request.getParent(),
                  request.getProjectId(),
                  request.getZone(),
                  request.getClusterId());
          Found f = cluster(name);
          return ListNodePoolsResponse.newBuilder()
              .addAllNodePools(describe(f.project(), f.cluster()).getNodePoolsList())
              .build();
        });
  }

  @Override
  @SuppressWarnings("deprecation")
  public void getNodePool(
      GetNodePoolRequest request, StreamObserver<com.google.container.v1.NodePool> out) {
    Access.answer(
        out,
        () -> {
          String name =
              !request.getName().isEmpty()
                  ? request.getName()
                  : clusterName(
                          "", request.getProjectId(), request.getZone(), request.getClusterId())
                      + "/nodePools/"
                      + request.getNodePoolId();
          int at = name.indexOf("/nodePools/");
          if (at < 0) {
            throw Errors.invalid(
                "Invalid resource name \""
                    + name
                    + "\": expected projects/*/locations/*/clusters/*/nodePools/*");
          }
          Found f = cluster(name.substring(0, at));
          String pool = name.substring(at + "/nodePools/".length());
          return describe(f.project(), f.cluster()).getNodePoolsList().stream()
              .filter(p -> p.getName().equals(pool))
              .findFirst()
              .orElseThrow(() -> Errors.notFound("Not found: " + name + "."));
        });
  }

  private static com.google.container.v1.Cluster describe(Project project, Cluster c) {
    String path =
        "projects/" + project.id() + "/locations/" + c.location() + "/clusters/" + c.name();
    Set<String> zones = new LinkedHashSet<>();
    List<com.google.container.v1.NodePool> pools = new ArrayList<>();
    for (NodePool pool : c.nodePools()) {
      com.google.container.v1.NodePool.Builder p =
          com.google.container.v1.NodePool.newBuilder()
              .setName(pool.name())
              .setConfig(
                  NodeConfig.newBuilder()
                      .setServiceAccount(pool.serviceAccount())
                      .addAllOauthScopes(pool.oauthScopes()))
              .setSelfLink(
                  "https://container.googleapis.com/v1/" + path + "/nodePools/" + pool.name())
              .setStatus(com.google.container.v1.NodePool.Status.RUNNING);
      Set<String> poolZones = new LinkedHashSet<>();
      for (int i = 0; i < pool.groups().size(); i++) {
        NodePool.InstanceGroup g = pool.groups().get(i);
        String zone = c.zoneOf(g, i);
        poolZones.add(zone);
        p.addInstanceGroupUrls(
            "https://www.googleapis.com/compute/v1/projects/"
                + project.id()
                + "/zones/"
                + zone
                + "/instanceGroupManagers/"
                + g.name());
      }
      p.addAllLocations(poolZones);
      zones.addAll(poolZones);
      pools.add(p.build());
    }
    if (zones.isEmpty()) {
      zones.add(c.zoneOf(new NodePool.InstanceGroup(null, ""), 0));
    }
    @SuppressWarnings("deprecation")
    com.google.container.v1.Cluster.Builder cluster =
        com.google.container.v1.Cluster.newBuilder()
            .setName(c.name())
            .setLocation(c.location())
            .setZone(c.location())
            .addAllLocations(zones)
            .setSelfLink("https://container.googleapis.com/v1/" + path)
            .setStatus(com.google.container.v1.Cluster.Status.RUNNING)
            .addAllNodePools(pools);
    if (c.autopilot()) {
      cluster.setAutopilot(Autopilot.newBuilder().setEnabled(true));
    }
    return cluster.build();
  }
}
