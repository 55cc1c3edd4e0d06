package dev.pulldoctor.sandbox;

import java.util.List;

/**
 * A GKE node pool: the account its nodes run as ({@code default} as GKE shows the compute default
 * account), its access scopes and its managed instance groups.
 */
public record NodePool(
    String name, String serviceAccount, List<String> oauthScopes, List<InstanceGroup> groups) {

  public NodePool {
    oauthScopes = List.copyOf(oauthScopes);
    groups = List.copyOf(groups);
  }

  /** A managed instance group; {@code zone} is null when the world leaves it to the cluster. */
  public record InstanceGroup(String zone, String name) {}
}
