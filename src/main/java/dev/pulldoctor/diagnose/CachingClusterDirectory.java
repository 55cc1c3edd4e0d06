package dev.pulldoctor.diagnose;

import dev.pulldoctor.diagnose.Ports.ClusterDirectory;
import dev.pulldoctor.domain.ClusterRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each cluster's node pools for a while: naming the incident needs the node's pool before
 * the investigation, which needs it again, and a storm names the same few clusters thousands of
 * times. Node pools change rarely; a stale answer lasts at most {@code ttl}.
 */
public final class CachingClusterDirectory implements ClusterDirectory {
  private final ClusterDirectory delegate;
  private final Duration ttl;
  private final Clock clock;
  private final Map<ClusterRef, Entry> entries = new ConcurrentHashMap<>();
  private final Map<ClusterRef, Object> locks = new ConcurrentHashMap<>();

  private record Entry(ClusterInfo info, Instant expires) {}

  public CachingClusterDirectory(ClusterDirectory delegate, Duration ttl, Clock clock) {
    this.delegate = delegate;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public ClusterInfo cluster(ClusterRef cluster) {
    Entry e = entries.get(cluster);
    if (e != null && e.expires().isAfter(clock.instant())) {
      return e.info();
    }
    // One look-up per cluster at a time: a burst waits for the first answer.
    synchronized (locks.computeIfAbsent(cluster, c -> new Object())) {
      e = entries.get(cluster);
      if (e != null && e.expires().isAfter(clock.instant())) {
        return e.info();
      }
      ClusterInfo info = delegate.cluster(cluster);
      entries.put(cluster, new Entry(info, clock.instant().plus(ttl)));
      return info;
    }
  }
}
