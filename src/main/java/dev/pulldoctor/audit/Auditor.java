package dev.pulldoctor.audit;

import dev.pulldoctor.audit.AuditPorts.ClusterLister;
import dev.pulldoctor.audit.AuditPorts.RepositoryLister;
import dev.pulldoctor.diagnose.ClusterInfo;
import dev.pulldoctor.diagnose.ClusterInfo.NodePoolInfo;
import dev.pulldoctor.diagnose.Evidence;
import dev.pulldoctor.diagnose.Evidence.AccessCheck;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.NodePools;
import dev.pulldoctor.diagnose.Ports.Access;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The proactive check: may every node pool of the clusters in scope pull from every repository in
 * scope? Asks the way the function does ({@link Investigator#access}), and decides each failing
 * pair with the same rules.
 *
 * <p>The cost is one access check per distinct (account, repository) — pools that share an account
 * share its answers, and the impersonation adapter mints one token per account — plus the look-ups
 * that explain a refusal, each once per repository, project or account, and only for pairs that
 * cannot pull. The checks run on a bounded pool of threads, so the wall time is a few rounds of API
 * latency rather than their sum.
 */
public final class Auditor {

  /** Where the audit reports how far it got; called from the audit's threads. */
  public interface Progress {
    /** The pairs are known and about to be checked. */
    void started(int pairs, int accessChecks);

    /** {@code done} of {@code total} pairs are decided. */
    void checked(int done, int total);

    /** Reports nothing. */
    Progress NONE =
        new Progress() {
          @Override
          public void started(int pairs, int accessChecks) {}

          @Override
          public void checked(int done, int total) {}
        };
  }

  /** How many API calls the audit makes at once, unless told otherwise. */
  public static final int DEFAULT_PARALLELISM = 16;

  private final Investigator investigator;
  private final Investigator.Directories ports;
  private final ClusterLister clusterLister;
  private final RepositoryLister repositoryLister;
  private final RoleCatalog roles;
  private final Investigator.Method method;
  private final int parallelism;

  public Auditor(
      Investigator investigator,
      Investigator.Directories ports,
      ClusterLister clusterLister,
      RepositoryLister repositoryLister,
      RoleCatalog roles,
      Investigator.Method method,
      int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.investigator = investigator;
    this.ports = ports;
    this.clusterLister = clusterLister;
    this.repositoryLister = repositoryLister;
    this.roles = roles;
    this.method = method;
    this.parallelism = parallelism;
  }

  /**
   * Audits {@code scope}. Throws {@link InspectionFailure} when the clusters or the repositories
   * cannot be listed: without them there is nothing to say.
   */
  public AuditReport run(AuditScope scope, Progress progress) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            parallelism,
            r -> {
              Thread t = new Thread(r, "pull-doctor-audit-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      return new Run(pool, new SharedLookups(ports)).audit(scope, progress);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One audit's threads and shared look-ups. */
  private final class Run {
    private final ExecutorService pool;
    private final SharedLookups lookups;

    Run(ExecutorService pool, SharedLookups lookups) {
      this.pool = pool;
      this.lookups = lookups;
    }

    AuditReport audit(AuditScope scope, Progress progress) {
      CompletableFuture<List<ClusterInfo>> clustersF = clusters(scope);
      CompletableFuture<List<RepositoryRef>> repositoriesF = repositories(scope);
      List<ClusterInfo> clusters = join(clustersF);
      List<RepositoryRef> repositories = join(repositoriesF);
      List<PoolAccount> pools = poolAccounts(clusters);

      // One access check per distinct (account, repository), ordered so that the first wave of
      // threads asks about different accounts and mints their tokens side by side.
      Map<AccessKey, CompletableFuture<AccessOutcome>> checks = new LinkedHashMap<>();
      Set<String> accounts = new TreeSet<>();
      pools.stream().map(PoolAccount::account).filter(Objects::nonNull).forEach(accounts::add);
      for (RepositoryRef repo : repositories) {
        for (String account : accounts) {
          checks.put(
              new AccessKey(account, repo),
              CompletableFuture.supplyAsync(() -> ask(account, repo), pool));
        }
      }

      int total = pools.size() * repositories.size();
      progress.started(total, checks.size());
      PairJudge judge = new PairJudge(lookups, roles);
      AtomicInteger done = new AtomicInteger();
      List<CompletableFuture<AuditRow>> rows = new ArrayList<>();
      for (PoolAccount p : pools) {
        for (RepositoryRef repo : repositories) {
          CompletableFuture<AccessOutcome> access =
              p.account() == null
                  ? CompletableFuture.completedFuture(null)
                  : checks.get(new AccessKey(p.account(), repo));
          rows.add(
              access
                  .thenApplyAsync(a -> judge.judge(p, repo, a), pool)
                  .whenComplete((row, error) -> progress.checked(done.incrementAndGet(), total)));
        }
      }
      return new AuditReport(
          method.name().toLowerCase(Locale.ROOT),
          rows.stream().map(Auditor::join).toList(),
          clusters.size(),
          pools.size(),
          accounts.size(),
          repositories.size(),
          checks.size());
    }

    private CompletableFuture<List<ClusterInfo>> clusters(AuditScope scope) {
      if (scope.cluster() != null) {
        return CompletableFuture.supplyAsync(
            () -> List.of(ports.clusters().cluster(scope.cluster())), pool);
      }
      List<CompletableFuture<List<ClusterInfo>>> perProject =
          scope.clusterProjects().stream()
              .map(p -> CompletableFuture.supplyAsync(() -> clusterLister.clusters(p), pool))
              .toList();
      return all(perProject)
          .thenApply(
              lists ->
                  lists.stream()
                      .flatMap(List::stream)
                      .sorted(Comparator.comparing(c -> c.ref().toString()))
                      .toList());
    }

    private CompletableFuture<List<RepositoryRef>> repositories(AuditScope scope) {
      if (!scope.repositories().isEmpty()) {
        return CompletableFuture.completedFuture(scope.repositories());
      }
      List<CompletableFuture<List<RepositoryRef>>> perProject =
          scope.repositoryProjects().stream().map(this::dockerRepositories).toList();
      return all(perProject)
          .thenApply(
              lists ->
                  List.copyOf(
                      lists.stream()
                          .flatMap(List::stream)
                          .sorted(Comparator.comparing(RepositoryRef::toString))
                          .collect(Collectors.toCollection(LinkedHashSet::new))));
    }

    /** A project's locations, then each location's Docker repositories, side by side. */
    private CompletableFuture<List<RepositoryRef>> dockerRepositories(String project) {
      return CompletableFuture.supplyAsync(() -> repositoryLister.locations(project), pool)
          .thenCompose(
              locations ->
                  all(
                      locations.stream()
                          .map(
                              location ->
                                  CompletableFuture.supplyAsync(
                                      () -> repositoryLister.dockerRepositories(project, location),
                                      pool))
                          .toList()))
          .thenApply(lists -> lists.stream().flatMap(List::stream).toList());
    }

    /** Each pool with its account; {@code default} needs the project number, asked once. */
    private List<PoolAccount> poolAccounts(List<ClusterInfo> clusters) {
      Map<String, CompletableFuture<Lookup<String>>> numbers = new LinkedHashMap<>();
      for (ClusterInfo c : clusters) {
        for (NodePoolInfo p : c.nodePools()) {
          if (NodePools.account(p, Optional.empty()).isEmpty()) {
            numbers.computeIfAbsent(
                c.ref().project(),
                project ->
                    CompletableFuture.supplyAsync(() -> lookups.projectNumber(project), pool));
          }
        }
      }
      List<PoolAccount> pools = new ArrayList<>();
      for (ClusterInfo c : clusters) {
        for (NodePoolInfo p : c.nodePools()) {
          CompletableFuture<Lookup<String>> numberF = numbers.get(c.ref().project());
          Lookup<String> number = numberF == null ? new Lookup<>(null, null) : join(numberF);
          Optional<String> account = NodePools.account(p, number.answer());
          pools.add(
              new PoolAccount(
                  c,
                  p,
                  account.orElse(null),
                  account.isEmpty() && number.failure() != null
                      ? Lookup.problem(number.failure())
                      : null));
        }
      }
      return pools;
    }

    /**
     * The shared access question. A transient failure that outlasted the client's retries becomes
     * an unknown answer with its problem: one flaky call must not sink the other pairs.
     */
    private AccessOutcome ask(String account, RepositoryRef repo) {
      Evidence.Builder learnt = new Evidence.Builder();
      AccessCheck check;
      try {
        check =
            investigator.access(
                account,
                repo,
                learnt,
                () -> lookups.repositoryPolicy(repo).answer(),
                () -> lookups.projectPolicy(repo.project()).answer());
      } catch (InspectionFailure f) {
        learnt.problem(Lookup.problem(f));
        check =
            new AccessCheck(
                method.name().toLowerCase(Locale.ROOT), Access.UNKNOWN, f.getMessage(), List.of());
      }
      Evidence e = learnt.build();
      return new AccessOutcome(check, e.denyingRules(), e.problems());
    }
  }

  private record AccessKey(String account, RepositoryRef repository) {}

  private static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
  }

  /** The value; the failure that made it, unwrapped, so an InspectionFailure keeps its kind. */
  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
