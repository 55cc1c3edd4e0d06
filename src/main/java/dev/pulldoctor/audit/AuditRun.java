package dev.pulldoctor.audit;

import dev.pulldoctor.diagnose.Advice;
import dev.pulldoctor.diagnose.ClusterInfo;
import dev.pulldoctor.diagnose.ClusterInfo.NodePoolInfo;
import dev.pulldoctor.diagnose.DecisionRules;
import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.Evidence;
import dev.pulldoctor.diagnose.Evidence.AccessCheck;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.NodePools;
import dev.pulldoctor.diagnose.Ports.Access;
import dev.pulldoctor.diagnose.RepositoryInfo;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One audit's machinery, shared by the pair audit and the manifest pre-flight: the run's memoising
 * ports, its threads, and the one way a (pool, image) is decided — {@link
 * Investigator#investigatePool}, after the pool's account has been asked the access question once
 * per repository.
 */
final class AuditRun implements AutoCloseable {

  /** A node pool and the account it runs as; {@code account} is null when it cannot be told. */
  record PoolAccount(ClusterInfo cluster, NodePoolInfo pool, String account) {}

  private final RunPorts ports;
  private final RoleCatalog roles;
  private final Investigator.Method method;
  private final Investigator shared;
  private final ExecutorService work;
  private final ExecutorService lookups;
  private final Map<List<Object>, CompletableFuture<AccessCheck>> checks =
      new ConcurrentHashMap<>();
  private final int parallelism;
  private volatile Executor within;

  AuditRun(
      Investigator.Directories ports,
      RoleCatalog roles,
      Investigator.Method method,
      int parallelism) {
    this.ports = new RunPorts(ports, parallelism);
    this.roles = roles;
    this.method = method;
    // The pairs run on a bounded pool; the investigation's own concurrent look-ups on threads of
    // their own, so that a pair waiting for its look-ups never waits for a free pair thread. The
    // run's ports bound the calls in flight.
    this.work = Executors.newFixedThreadPool(parallelism, daemons("pull-doctor-audit-"));
    this.lookups = Executors.newCachedThreadPool(daemons("pull-doctor-audit-lookup-"));
    this.shared = new Investigator(this.ports.shared(), method, lookups, roles, null);
    this.parallelism = parallelism;
    this.within = lookups;
  }

  /**
   * Says how many pairs are about to be investigated. With at least as many pairs as threads, the
   * pairs are the parallelism and each investigation makes its (mostly memoised) look-ups on its
   * own thread: handing thousands of memo hits to other threads cost the 5,000-pair benchmark a
   * quarter of its time. With fewer, a pair's independent look-ups run side by side, as in the
   * function.
   */
  void expect(int pairs) {
    within = pairs >= parallelism ? Runnable::run : lookups;
  }

  /** A repository the audit listed, with its mode and key. */
  void known(RepositoryInfo repository) {
    ports.known(repository);
  }

  /** The run's memoising ports. */
  Investigator.Directories ports() {
    return ports.shared();
  }

  <T> CompletableFuture<T> async(Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, work);
  }

  /** Each pool of {@code clusters} with its account; {@code default} needs the project number. */
  List<PoolAccount> poolAccounts(List<ClusterInfo> clusters) {
    clusters.forEach(ports::known);
    List<PoolAccount> pools = new ArrayList<>();
    for (ClusterInfo c : clusters) {
      for (NodePoolInfo p : c.nodePools()) {
        Optional<String> account = NodePools.account(p, Optional.empty());
        if (account.isEmpty()) {
          account = NodePools.account(p, number(c.ref().project()));
        }
        pools.add(new PoolAccount(c, p, account.orElse(null)));
      }
    }
    return pools;
  }

  private Optional<String> number(String project) {
    try {
      return Optional.ofNullable(ports.shared().projects().projectNumber(project));
    } catch (InspectionFailure f) {
      return Optional.empty(); // the pool's investigation records why
    }
  }

  /**
   * "May {@code account} pull from {@code repository}?", asked once per run, the way the diagnosis
   * asks it. A failure that outlasted the client's retries becomes an unknown answer: one flaky
   * call must not sink the other pairs.
   */
  CompletableFuture<AccessCheck> access(String account, RepositoryRef repository) {
    return checks.computeIfAbsent(
        List.of(account, repository), k -> async(() -> ask(account, repository)));
  }

  int accessChecks() {
    return checks.size();
  }

  private AccessCheck ask(String account, RepositoryRef repository) {
    try {
      return shared.access(
          account,
          repository,
          new Evidence.Builder(),
          () -> quietly(() -> ports.shared().registry().iamPolicy(repository)),
          () -> quietly(() -> ports.shared().projects().iamPolicy(repository.project())));
    } catch (InspectionFailure f) {
      return new AccessCheck(
          method.name().toLowerCase(Locale.ROOT), Access.UNKNOWN, f.getMessage(), List.of());
    }
  }

  private static <T> Optional<T> quietly(Supplier<T> lookup) {
    try {
      return Optional.ofNullable(lookup.get());
    } catch (InspectionFailure f) {
      return Optional.empty(); // the pair's investigation reads it again and records why
    }
  }

  /**
   * Investigates {@code image} on {@code pool} as the function would, once the pool's account has
   * its access answer for the image's repository.
   */
  CompletableFuture<Diagnosis> investigate(PoolAccount pool, ImageReference image) {
    CompletableFuture<Boolean> canPull =
        pool.account() == null || !image.inScope()
            ? CompletableFuture.completedFuture(false)
            : access(pool.account(), image.repositoryRef())
                .thenApply(a -> a.answer() == Access.GRANTED);
    return canPull.thenApplyAsync(
        may -> investigate(pool.cluster().ref(), pool.pool().name(), image, may), work);
  }

  private Diagnosis investigate(
      ClusterRef cluster, String pool, ImageReference image, boolean canPull) {
    PullFailure asked = asked(cluster, image);
    try {
      RepositoryRef repository = image.inScope() ? image.repositoryRef() : null;
      return new Investigator(ports.forPair(canPull, repository), method, within, roles, null)
          .investigatePool(asked, pool);
    } catch (InspectionFailure f) {
      // A transient failure the investigation would retry: this pair is undecided, with why.
      Evidence e =
          new Evidence.Builder()
              .failureKind(FailureKind.UNKNOWN)
              .image(image)
              .cluster(cluster)
              .repository(image.inScope() ? image.repositoryRef() : null)
              .nodePool(pool, "node pool asked about by name")
              .problem(
                  new Evidence.Problem(f.what(), f.kind(), f.permission(), f.role(), f.detail()))
              .build();
      RootCause cause = DecisionRules.decide(e, roles);
      return new Diagnosis(asked, cause, e, Advice.of(cause, e, null, null, null));
    }
  }

  /** The "failure" an audit asks about: an image on a cluster, with no event behind it. */
  private static PullFailure asked(ClusterRef cluster, ImageReference image) {
    return new PullFailure(
        "audit",
        null,
        cluster,
        null,
        null,
        null,
        null,
        image,
        null,
        "",
        FailureKind.UNKNOWN,
        false,
        Instant.EPOCH);
  }

  private static java.util.concurrent.ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    work.shutdownNow();
    lookups.shutdownNow();
  }
}
