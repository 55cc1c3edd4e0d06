package dev.pulldoctor.gcp;

import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.container.v1.Cluster;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.NodePool;
import dev.pulldoctor.diagnose.ClusterInfo;
import dev.pulldoctor.diagnose.Ports.ClusterDirectory;
import dev.pulldoctor.domain.ClusterRef;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** {@link ClusterDirectory} over the Container API: one GetCluster carries every node pool. */
final class GkeClusterAdapter implements ClusterDirectory {
  private final Supplier<ClusterManagerClient> client;
  private final Duration deadline;

  GkeClusterAdapter(Supplier<ClusterManagerClient> client, Duration deadline) {
    this.client = client;
    this.deadline = deadline;
  }

  @Override
  public ClusterInfo cluster(ClusterRef ref) {
    try {
      Cluster c = client.get().getClusterCallable().call(
          GetClusterRequest.newBuilder().setName(ref.resourceName()).build(),
          Deadlines.context(deadline));
      return toInfo(ref, c);
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(e, ApiPermission.CONTAINER_GET_CLUSTER,
          "GetCluster " + ref.resourceName());
    }
  }

  static ClusterInfo toInfo(ClusterRef ref, Cluster c) {
    List<ClusterInfo.NodePoolInfo> pools = c.getNodePoolsList().stream()
        .map(GkeClusterAdapter::toPool)
        .toList();
    return new ClusterInfo(ref, c.getAutopilot().getEnabled(), pools);
  }

  private static ClusterInfo.NodePoolInfo toPool(NodePool p) {
    return new ClusterInfo.NodePoolInfo(p.getName(), p.getConfig().getServiceAccount(),
        p.getConfig().getOauthScopesList(), p.getInstanceGroupUrlsList());
  }
}
