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

  /** A fingerprint's length: the first 12 bytes of SHA-256, in hex. */
  public static final int FINGERPRINT_LENGTH = 24;

  /**
   * Whether {@code id} is written in a fingerprint's own alphabet and length bound: lowercase hex,
   * 1 to {@value #FINGERPRINT_LENGTH} digits. Anything else ({@code .}, {@code ..}, {@code /}, a
   * name of another collection) names no incident, and is refused before it reaches a store.
   */
  public static boolean isFingerprint(String id) {
    if (id == null || id.isEmpty() || id.length() > FINGERPRINT_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** The Firestore document id: a stable hash, since the parts hold '/' characters. */
  public String fingerprint() {
    String text = cluster + "|" + nodePool + "|" + repository;
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, FINGERPRINT_LENGTH / 2);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
