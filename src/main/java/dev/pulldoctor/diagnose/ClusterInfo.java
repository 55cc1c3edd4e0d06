package dev.pulldoctor.diagnose;

import dev.pulldoctor.domain.ClusterRef;
import java.util.List;

/** What the Container API says about a cluster: its node pools. */
public record ClusterInfo(ClusterRef ref, boolean autopilot, List<NodePoolInfo> nodePools) {

  public ClusterInfo {
    nodePools = List.copyOf(nodePools);
  }

  /**
   * A node pool: its service account ({@code default} or an email), OAuth scopes, the URLs of its
   * managed instance groups and its GKE version (null when unknown).
   */
  public record NodePoolInfo(
      String name,
      String serviceAccount,
      List<String> oauthScopes,
      List<String> instanceGroupUrls,
      String version) {

    public NodePoolInfo {
      oauthScopes = List.copyOf(oauthScopes);
      instanceGroupUrls = List.copyOf(instanceGroupUrls);
      version = version == null || version.isBlank() ? null : version;
    }

    /** A pool whose version is not known. */
    public NodePoolInfo(
        String name, String serviceAccount, List<String> oauthScopes, List<String> urls) {
      this(name, serviceAccount, oauthScopes, urls, null);
    }
  }
}
