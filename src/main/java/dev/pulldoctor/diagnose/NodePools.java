package dev.pulldoctor.diagnose;

import dev.pulldoctor.diagnose.ClusterInfo.NodePoolInfo;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a node's pool and the pool's account. GKE names a node after its managed instance group:
 * the group's full name minus {@code -grp}, plus a suffix. Names rebuilt from cluster and pool are
 * unreliable (GKE truncates long ones), so only the group names are matched; during a blue-green
 * upgrade a pool has old and new groups, all of which count.
 */
public final class NodePools {
  private NodePools() {}

  /** A pool, or null with the reason in {@code how}. */
  public record Resolution(NodePoolInfo pool, String how) {
    /** The pool's name, or null. */
    public String name() {
      return pool == null ? null : pool.name();
    }
  }

  /** The pool that runs {@code nodeName}, or none with the reason. */
  public static Resolution resolve(ClusterInfo cluster, String nodeName) {
    if (nodeName == null) {
      if (cluster.nodePools().size() == 1) {
        NodePoolInfo only = cluster.nodePools().get(0);
        return new Resolution(
            only, "the event names no node; " + only.name() + " is the cluster's only node pool");
      }
      return new Resolution(
          null,
          "the event names no node and the cluster has "
              + cluster.nodePools().size()
              + " node pools");
    }
    NodePoolInfo best = null;
    String bestGroup = null;
    for (NodePoolInfo pool : cluster.nodePools()) {
      for (String url : pool.instanceGroupUrls()) {
        String group = url.substring(url.lastIndexOf('/') + 1);
        String prefix =
            group.endsWith("-grp") ? group.substring(0, group.length() - 4) + "-" : group;
        // The longest matching group wins: pool-a's group is a prefix of no pool-a-2 node, but
        // be safe against names that are prefixes of each other.
        if (nodeName.startsWith(prefix)
            && (bestGroup == null || group.length() > bestGroup.length())) {
          best = pool;
          bestGroup = group;
        }
      }
    }
    if (best == null) {
      return new Resolution(
          null,
          "no instance group of cluster " + cluster.ref().name() + " matches node " + nodeName);
    }
    return new Resolution(best, "node " + nodeName + " belongs to instance group " + bestGroup);
  }

  /** The name of the pool that runs {@code nodeName}, or null when it cannot be told. */
  public static String poolOf(ClusterInfo cluster, String nodeName) {
    NodePoolInfo pool = resolve(cluster, nodeName).pool();
    return pool == null ? null : pool.name();
  }

  static Resolution byName(ClusterInfo cluster, String poolName) {
    return cluster.nodePools().stream()
        .filter(p -> p.name().equals(poolName))
        .findFirst()
        .map(p -> new Resolution(p, "node pool asked about by name"))
        .orElse(
            new Resolution(
                null, "cluster " + cluster.ref().name() + " has no node pool " + poolName));
  }

  /** The pool's account email; {@code default} needs the cluster project's number. */
  public static Optional<String> account(NodePoolInfo pool, Optional<String> projectNumber) {
    String sa = pool.serviceAccount();
    if (sa == null || sa.isEmpty() || sa.equals("default")) {
      return projectNumber.map(NodePools::computeDefault);
    }
    return Optional.of(sa);
  }

  /** {@code PROJECT_NUMBER-compute@developer.gserviceaccount.com}, what {@code default} means. */
  public static String computeDefault(String projectNumber) {
    return projectNumber + "-compute@developer.gserviceaccount.com";
  }

  /**
   * The cluster's node accounts other than {@code pool}'s: those of its other pools, and the
   * cluster project's compute default account (GRANT_ON_OTHER_ACCOUNT looks for grants to them).
   */
  public static Set<String> otherAccounts(
      ClusterInfo cluster, NodePoolInfo pool, Optional<String> projectNumber) {
    Set<String> others = new LinkedHashSet<>();
    for (NodePoolInfo p : cluster.nodePools()) {
      if (!p.name().equals(pool.name())) {
        account(p, projectNumber).ifPresent(others::add);
      }
    }
    projectNumber.ifPresent(n -> others.add(computeDefault(n)));
    return others;
  }
}
