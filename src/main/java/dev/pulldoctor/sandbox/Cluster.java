package dev.pulldoctor.sandbox;

import java.util.List;
import java.util.regex.Pattern;

/** A GKE cluster in a region or a zone. */
public record Cluster(String location, String name, boolean autopilot, List<NodePool> nodePools) {

  private static final Pattern ZONE = Pattern.compile("[a-z]+-[a-z]+\\d+-[a-z]");

  public Cluster {
    nodePools = List.copyOf(nodePools);
  }

  /** Whether the cluster is zonal: its location is a zone such as {@code us-central1-a}. */
  public boolean zonal() {
    return ZONE.matcher(location).matches();
  }

  /**
   * The zone of the {@code index}-th instance group of a pool: the one the world names, else the
   * cluster's zone, else zones {@code -a}, {@code -b}, {@code -c} of the region in turn.
   */
  public String zoneOf(NodePool.InstanceGroup group, int index) {
    if (group.zone() != null) {
      return group.zone();
    }
    return zonal() ? location : location + "-" + "abc".charAt(index % 3);
  }
}
