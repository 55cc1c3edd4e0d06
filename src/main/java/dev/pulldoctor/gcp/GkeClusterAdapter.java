package dev.pulldoctor.gcp;

import com.google.container.v1.Cluster;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.ListClustersRequest;
import com.google.container.v1.ListClustersResponse;
import com.google.container.v1.NodePool;
import dev.pulldoctor.audit.AuditPorts.ClusterLister;
import dev.pulldoctor.diagnose.ClusterInfo;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Ports.ClusterDirectory;
import dev.pulldoctor.domain.ClusterRef;
import java.util.List;

/**
 * {@link ClusterDirectory} and the audit's {@link ClusterLister} over the Container API: one
 * GetCluster carries every node pool, and one ListClusters every cluster of a project with theirs.
 */
final class GkeClusterAdapter implements ClusterDirectory, ClusterLister {
  private final GrpcApi api;

  GkeClusterAdapter(GrpcApi api) {
    this.api = api;
  }

  @Override
  public ClusterInfo cluster(ClusterRef ref) {
    try {
      Cluster c =
          api.call(
              ClusterManagerGrpc.getGetClusterMethod(),
              GetClusterRequest.newBuilder().setName(ref.resourceName()).build());
      return toInfo(ref, c);
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.CONTAINER_GET_CLUSTER, "GetCluster " + ref.resourceName());
    }
  }

  /**
   * Location {@code -} lists every location at once
   * (https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters/list).
   * Zones GKE could not reach are named in {@code missingZones}: an audit that silently skipped
   * their clusters would pass for the wrong reason, so that fails the listing.
   */
  @Override
  public List<ClusterInfo> clusters(String project) {
    String parent = "projects/" + project + "/locations/-";
    ListClustersResponse r;
    try {
      r =
          api.call(
              ClusterManagerGrpc.getListClustersMethod(),
              ListClustersRequest.newBuilder().setParent(parent).build());
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e, ApiPermission.CONTAINER_LIST_CLUSTERS, "ListClusters " + parent);
    }
    if (r.getMissingZonesCount() > 0) {
      throw new InspectionFailure(
          InspectionFailure.Kind.FAILED,
          "ListClusters " + parent,
          null,
          null,
          "GKE could not list the clusters of zones " + r.getMissingZonesList());
    }
    return r.getClustersList().stream()
        .map(c -> toInfo(new ClusterRef(project, c.getLocation(), c.getName()), c))
        .toList();
  }

  static ClusterInfo toInfo(ClusterRef ref, Cluster c) {
    List<ClusterInfo.NodePoolInfo> pools =
        c.getNodePoolsList().stream().map(GkeClusterAdapter::toPool).toList();
    return new ClusterInfo(ref, c.getAutopilot().getEnabled(), pools);
  }

  private static ClusterInfo.NodePoolInfo toPool(NodePool p) {
    return new ClusterInfo.NodePoolInfo(
        p.getName(),
        p.getConfig().getServiceAccount(),
        p.getConfig().getOauthScopesList(),
        p.getInstanceGroupUrlsList(),
        p.getVersion());
  }
}
