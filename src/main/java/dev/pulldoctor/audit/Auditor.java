package dev.pulldoctor.audit;

import dev.pulldoctor.audit.AuditPorts.ClusterLister;
import dev.pulldoctor.audit.AuditPorts.RepositoryLister;
import dev.pulldoctor.diagnose.ClusterInfo;
import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.RepositoryInfo;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The proactive check: may every node pool of the clusters in scope pull from every repository in
 * scope? Each pair is investigated as the function investigates a failure ({@link
 * Investigator#investigatePool}), over the run's memoising ports ({@link RunPorts}), so the audit
 * and the diagnosis share one evidence pipeline and one decision table.
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

  private final Investigator.Directories ports;
  private final ClusterLister clusterLister;
  private final RepositoryLister repositoryLister;
  private final RoleCatalog roles;
  private final Investigator.Method method;
  private final int parallelism;

  public Auditor(
      Investigator.Directories ports,
      ClusterLister clusterLister,
      RepositoryLister repositoryLister,
      RoleCatalog roles,
      Investigator.Method method,
      int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
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
    try (AuditRun run = new AuditRun(ports, roles, method, parallelism)) {
      return new PairAudit(run).audit(scope, progress);
    }
  }

  /** The pair audit over one run. */
  private final class PairAudit {
    private final AuditRun run;

    PairAudit(AuditRun run) {
      this.run = run;
    }

    AuditReport audit(AuditScope scope, Progress progress) {
      CompletableFuture<List<ClusterInfo>> clustersF = clusters(scope);
      CompletableFuture<List<RepositoryRef>> repositoriesF = repositories(scope);
      List<ClusterInfo> clusters = join(clustersF);
      List<RepositoryRef> repositories = join(repositoriesF);
      List<AuditRun.PoolAccount> pools = run.poolAccounts(clusters);

      // One access check per distinct (account, repository), ordered so that the first wave of
      // threads asks about different accounts and mints their tokens side by side.
      Set<String> accounts = new TreeSet<>();
      pools.stream()
          .map(AuditRun.PoolAccount::account)
          .filter(Objects::nonNull)
          .forEach(accounts::add);
      for (RepositoryRef repo : repositories) {
        for (String account : accounts) {
          run.access(account, repo);
        }
      }

      int total = pools.size() * repositories.size();
      run.expect(total);
      progress.started(total, run.accessChecks());
      AtomicInteger done = new AtomicInteger();
      List<CompletableFuture<AuditRow>> rows = new ArrayList<>();
      for (AuditRun.PoolAccount p : pools) {
        for (RepositoryRef repo : repositories) {
          rows.add(
              run.investigate(p, RepositoryImage.of(repo))
                  .thenApply(d -> row(p, repo, d))
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
          run.accessChecks());
    }

    private AuditRow row(AuditRun.PoolAccount pool, RepositoryRef repo, Diagnosis d) {
      return new AuditRow(
          pool.cluster().ref(),
          pool.pool().name(),
          d.evidence().nodeServiceAccount(),
          repo,
          d.rootCause(),
          d.evidence(),
          d.advice());
    }

    private CompletableFuture<List<ClusterInfo>> clusters(AuditScope scope) {
      if (scope.cluster() != null) {
        return run.async(() -> List.of(run.ports().clusters().cluster(scope.cluster())));
      }
      List<CompletableFuture<List<ClusterInfo>>> perProject =
          scope.clusterProjects().stream()
              .map(p -> run.async(() -> clusterLister.clusters(p)))
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
        return describe(scope.repositories()).thenApply(v -> scope.repositories());
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

    /**
     * Named repositories' modes and keys, from one ListRepositories per (project, location) — a
     * call per location rather than a GetRepository per repository. A listing that fails leaves its
     * repositories undescribed: they are audited as standard ones, as before, and the pair's own
     * look-ups say what is wrong with them.
     */
    private CompletableFuture<Void> describe(List<RepositoryRef> named) {
      Set<RepositoryRef> wanted = new LinkedHashSet<>(named);
      Set<List<String>> locations = new LinkedHashSet<>();
      named.forEach(r -> locations.add(List.of(r.project(), r.location())));
      return CompletableFuture.allOf(
          locations.stream()
              .map(
                  pl ->
                      run.async(
                          () -> {
                            try {
                              repositoryLister.dockerRepositories(pl.get(0), pl.get(1)).stream()
                                  .filter(info -> wanted.contains(info.ref()))
                                  .forEach(run::known);
                            } catch (InspectionFailure f) {
                              // Undescribed: audited as a standard repository.
                            }
                            return null;
                          }))
              .toArray(CompletableFuture[]::new));
    }

    /** A project's locations, then each location's Docker repositories, side by side. */
    private CompletableFuture<List<RepositoryRef>> dockerRepositories(String project) {
      return run.async(() -> repositoryLister.locations(project))
          .thenCompose(
              locations ->
                  all(
                      locations.stream()
                          .map(
                              location ->
                                  run.async(
                                      () -> repositoryLister.dockerRepositories(project, location)))
                          .toList()))
          .thenApply(lists -> known(lists.stream().flatMap(List::stream).toList()));
    }

    /** Hands the listed repositories to the run, which then knows their modes and keys. */
    private List<RepositoryRef> known(List<RepositoryInfo> listed) {
      List<RepositoryRef> refs = new ArrayList<>();
      for (RepositoryInfo info : listed) {
        run.known(info);
        refs.add(info.ref());
      }
      return refs;
    }
  }

  static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
  }

  /** The value; the failure that made it, unwrapped, so an InspectionFailure keeps its kind. */
  static <T> T join(CompletableFuture<T> future) {
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
