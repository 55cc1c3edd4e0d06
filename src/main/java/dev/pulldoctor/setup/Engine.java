package dev.pulldoctor.setup;

import dev.pulldoctor.diagnose.CachingClusterDirectory;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.Ports.ClusterDirectory;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.gcp.GcpDirectories;
import dev.pulldoctor.gcp.GoogleClients;
import dev.pulldoctor.remediate.GrantAllowance;
import dev.pulldoctor.remediate.HourlyLimit;
import dev.pulldoctor.remediate.RemediationPolicy;
import dev.pulldoctor.remediate.Remediator;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The investigation engine shared by the function and the CLI: the Google-client adapters, the
 * cluster cache in front of them, and the investigator with its thread pool.
 */
public final class Engine implements AutoCloseable {
  private final GcpDirectories gcp;
  private final ClusterDirectory clusters;
  private final Investigator investigator;
  private final ExecutorService executor;

  public Engine(Config config, GoogleClients clients, Clock clock) {
    this(config, clients, clock, Investigator.Method.valueOf(config.accessCheckMethod().name()));
  }

  /** With the access-check method overridden, as {@code diagnose --method} does. */
  public Engine(Config config, GoogleClients clients, Clock clock, Investigator.Method method) {
    gcp = new GcpDirectories(clients, config.apiDeadline());
    clusters = new CachingClusterDirectory(gcp.clusters(), config.diagnosisTtl(), clock);
    executor = Executors.newCachedThreadPool(daemonThreads());
    investigator =
        new Investigator(
            gcp.directories(clusters), method, executor, RoleCatalog.predefined(), null, clock);
  }

  /**
   * The remediator for {@code config}'s mode, allowed projects and pairs, and an hourly cap counted
   * in this process alone (the CLI's).
   */
  public Remediator remediator(Config config, Clock clock) {
    return remediator(config, new HourlyLimit(config.remediationMaxPerHour(), clock));
  }

  /** The same, with the hourly cap counted by {@code allowance} (the function's, in Firestore). */
  public Remediator remediator(Config config, GrantAllowance allowance) {
    return new Remediator(
        new RemediationPolicy(
            config.remediationMode(),
            config.remediationAllowedProjects(),
            config.remediationAllowedPairs()),
        allowance,
        gcp.policyEditor(),
        investigator::accessOf);
  }

  public GcpDirectories gcp() {
    return gcp;
  }

  public ClusterDirectory clusters() {
    return clusters;
  }

  public Investigator investigator() {
    return investigator;
  }

  /** Parses {@code auto|impersonate|troubleshooter|policy}. */
  public static Investigator.Method method(String text) {
    try {
      return Investigator.Method.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--method must be one of auto, impersonate, troubleshooter, policy; got '" + text + "'");
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "pull-doctor-lookup-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    executor.shutdownNow();
    gcp.close();
  }
}
