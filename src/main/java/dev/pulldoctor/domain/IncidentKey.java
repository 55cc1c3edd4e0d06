package dev.pulldoctor.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes one incident: a node pool of a cluster that cannot pull from a repository. Every pod
 * of that pool failing on that repository is the same incident, whatever the image or tag.
 *
 * @param nodePool the pool, or {@code ?} when the node's pool could not be told
 */
public record IncidentKey(ClusterRef cluster, String nodePool, RepositoryRef repository) {
  /** The pool placeholder when the node's pool is unknown. */
  public static final String UNKNOWN_POOL = "?";

  public IncidentKey {
    if (cluster == null || repository == null) {
      throw new IllegalArgumentException("cluster and repository are required");
    }
    nodePool = nodePool == null || nodePool.isEmpty() ? UNKNOWN_POOL : nodePool;
  }

  /** The Firestore document id: a stable hash, since the parts hold '/' characters. */
  public String fingerprint() {
    String text = cluster + "|" + nodePool + "|" + repository;
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
