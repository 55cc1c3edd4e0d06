package dev.pulldoctor.diagnose;

import dev.pulldoctor.diagnose.Evidence.AccessCheck;
import dev.pulldoctor.diagnose.Ports.Access;
import dev.pulldoctor.diagnose.Ports.AccountState;
import dev.pulldoctor.diagnose.Ports.ClusterDirectory;
import dev.pulldoctor.diagnose.Ports.HierarchyDirectory;
import dev.pulldoctor.diagnose.Ports.Impersonation;
import dev.pulldoctor.diagnose.Ports.ProjectDirectory;
import dev.pulldoctor.diagnose.Ports.RegistryDirectory;
import dev.pulldoctor.diagnose.Ports.ServiceAccountDirectory;
import dev.pulldoctor.diagnose.Ports.Troubleshooter;
import dev.pulldoctor.diagnose.Ports.Troubleshooting;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * From a pull failure to a proven root cause (DESIGN.md §3): resolves the image, the node pool and
 * its account, the repository and the account's state, asks whether the account may pull, and only
 * then reads the bindings to say why not. Independent look-ups run concurrently; each API call
 * carries its own deadline in the adapter. A transient API failure is thrown, so the event is
 * redelivered; anything else becomes evidence.
 */
public final class Investigator {

  /** The ports the investigation reads through; {@code hierarchy} may be null (none read). */
  public record Directories(
      ClusterDirectory clusters,
      ProjectDirectory projects,
      RegistryDirectory registry,
      ServiceAccountDirectory accounts,
      Impersonation impersonation,
      Troubleshooter troubleshooter,
      HierarchyDirectory hierarchy,
      ModePorts.Directories modes) {

    public Directories {
      modes = modes == null ? ModePorts.Directories.NONE : modes;
    }

    /** Without the mode look-ups: for investigations of standard repositories only. */
    public Directories(
        ClusterDirectory clusters,
        ProjectDirectory projects,
        RegistryDirectory registry,
        ServiceAccountDirectory accounts,
        Impersonation impersonation,
        Troubleshooter troubleshooter,
        HierarchyDirectory hierarchy) {
      this(clusters, projects, registry, accounts, impersonation, troubleshooter, hierarchy, null);
    }

    /** Without the hierarchy: folders, organizations and deny policies are not read. */
    public Directories(
        ClusterDirectory clusters,
        ProjectDirectory projects,
        RegistryDirectory registry,
        ServiceAccountDirectory accounts,
        Impersonation impersonation,
        Troubleshooter troubleshooter) {
      this(clusters, projects, registry, accounts, impersonation, troubleshooter, null, null);
    }
  }

  /**
   * The policies above a project as far as they could be read: its ancestry and their allow
   * bindings; {@code complete} is false when a level could not be read.
   */
  public record Hierarchy(List<String> ancestry, List<Binding> bindings, boolean complete) {
    public Hierarchy {
      ancestry = List.copyOf(ancestry);
      bindings = List.copyOf(bindings);
    }

    static final Hierarchy NONE = new Hierarchy(List.of(), List.of(), true);
  }

  /** How "may the node's account pull?" is asked (DESIGN.md §3). */
  public enum Method {
    /** Impersonate, then troubleshooter, then policy: the first that can answer. */
    AUTO,
    /** Only as the node account, through a minted token. */
    IMPERSONATE,
    /** Only through the IAM Policy Troubleshooter. */
    TROUBLESHOOTER,
    /** Only from Pull Doctor's own reading of the allow and deny policies. */
    POLICY
  }

  private final Directories ports;
  private final Method method;
  private final Executor executor;
  private final RoleCatalog roles;
  private final String selfAccount;
  private final Clock clock;

  public Investigator(
      Directories ports, Method method, Executor executor, RoleCatalog roles, String selfAccount) {
    this(ports, method, executor, roles, selfAccount, Clock.systemUTC());
  }

  /** With the clock that IAM Conditions on {@code request.time} are read against. */
  public Investigator(
      Directories ports,
      Method method,
      Executor executor,
      RoleCatalog roles,
      String selfAccount,
      Clock clock) {
    this.ports = ports;
    this.method = method;
    this.executor = executor;
    this.roles = roles;
    this.selfAccount = selfAccount;
    this.clock = clock;
  }

  /** Investigates one failure. Throws {@link InspectionFailure} of kind TRANSIENT to retry. */
  public Diagnosis investigate(PullFailure failure) {
    return investigate(failure, null, null);
  }

  /**
   * Asks about a pool and a repository directly, as {@code diagnose --node-pool} and the audit do.
   */
  public Diagnosis investigatePool(PullFailure failure, String poolName) {
    return investigate(failure, poolName, null);
  }

  /**
   * Investigates one failure whose node's pool the caller already resolved (the function does, to
   * name the incident), so that it is not resolved again.
   */
  public Diagnosis investigate(PullFailure failure, NodePools.Resolution pool) {
    return investigate(failure, null, pool);
  }

  /** The pool is the one resolved, or the one named, or else the one running the failure's node. */
  private Diagnosis investigate(
      PullFailure failure, String poolName, NodePools.Resolution resolved) {
    Evidence.Builder e =
        new Evidence.Builder()
            .now(clock.instant())
            .failureKind(failure.failureKind())
            .image(failure.image())
            .cluster(failure.cluster())
            .nodeName(failure.nodeName());
    if (failure.image() != null && failure.image().inScope()) {
      gatherForPool(failure, failure.image().repositoryRef(), e, poolName, resolved);
    }
    Evidence evidence = e.build();
    RootCause cause = DecisionRules.decide(evidence, roles);
    return new Diagnosis(
        failure,
        cause,
        evidence,
        Advice.of(cause, evidence, failure.namespace(), failure.pod(), selfAccount));
  }

  /**
   * Asks only "may {@code account} pull from {@code repository}?", the same way the diagnosis does;
   * remediation verifies a grant with it.
   */
  public Access accessOf(String account, RepositoryRef repository) {
    Evidence.Builder e = new Evidence.Builder().now(clock.instant()).repository(repository);
    // The policies are read only if the policy method has to answer.
    return askAccess(
            account,
            repository,
            e,
            () -> join(asyncRegistry(e, () -> ports.registry().iamPolicy(repository))),
            () -> join(async(e, () -> ports.projects().iamPolicy(repository.project()))),
            () -> hierarchy(repository, e))
        .answer();
  }

  /**
   * Asks "may {@code account} pull from {@code repository}?" exactly as the diagnosis does, and
   * records what the asking learns (deny rules, problems) in {@code e}. The policy method reads the
   * allow policies through the two suppliers, so that a caller asking about many pairs — the audit
   * — can read each policy once. A transient failure is thrown.
   */
  public AccessCheck access(
      String account,
      RepositoryRef repository,
      Evidence.Builder e,
      Supplier<Optional<List<Binding>>> repositoryPolicy,
      Supplier<Optional<List<Binding>>> projectPolicy) {
    if (e.now == null) {
      e.now(clock.instant());
    }
    if (e.repository == null) {
      e.repository(repository);
    }
    return askAccess(
        account, repository, e, repositoryPolicy, projectPolicy, () -> hierarchy(repository, e));
  }

  private void gatherForPool(
      PullFailure failure,
      RepositoryRef repo,
      Evidence.Builder e,
      String poolName,
      NodePools.Resolution resolved) {
    e.repository(repo);
    ClusterRef cluster = failure.cluster();
    // Phase 1: the cluster, the cluster project's number and the repository are independent.
    CompletableFuture<Optional<ClusterInfo>> clusterF =
        async(e, () -> ports.clusters().cluster(cluster));
    CompletableFuture<Optional<String>> numberF =
        async(e, () -> ports.projects().projectNumber(cluster.project()));
    CompletableFuture<Optional<Optional<RepositoryInfo>>> repoF =
        asyncRegistry(e, () -> ports.registry().repository(repo));
    Optional<ClusterInfo> info = join(clusterF);
    Optional<String> number = join(numberF);
    Optional<Optional<RepositoryInfo>> repoFound = join(repoF);
    repoFound.ifPresent(found -> e.repositoryExists(found.isPresent()));
    repoFound.flatMap(found -> found).ifPresent(e.facts()::info);
    e.facts().message(failure.message());

    if (repoFound.isPresent() && repoFound.get().isEmpty()) {
      e.sameNameElsewhere(
          join(async(e, () -> ports.registry().sameNameElsewhere(repo))).orElse(List.of()));
      return;
    }
    if (e.registryApiDisabled || info.isEmpty()) {
      return;
    }
    NodePools.Resolution pool =
        resolved != null
            ? resolved
            : poolName != null
                ? NodePools.byName(info.get(), poolName)
                : NodePools.resolve(info.get(), failure.nodeName());
    e.nodePool(pool.pool() == null ? null : pool.pool().name(), pool.how());
    if (pool.pool() == null) {
      return;
    }
    Optional<String> account = NodePools.account(pool.pool(), number);
    if (account.isEmpty()) {
      return;
    }
    e.nodeServiceAccount(account.get());
    e.oauthScopes(pool.pool().oauthScopes());
    e.facts().poolVersion(pool.pool().version());
    e.otherNodeAccounts(NodePools.otherAccounts(info.get(), pool.pool(), number));

    // Phase 2: the account's state, the access question and the policies are independent.
    CompletableFuture<Optional<AccountState>> stateF =
        async(e, () -> ports.accounts().state(account.get()));
    CompletableFuture<Optional<List<Binding>>> repoPolicyF =
        asyncRegistry(e, () -> ports.registry().iamPolicy(repo));
    CompletableFuture<Optional<List<Binding>>> projectPolicyF =
        async(e, () -> ports.projects().iamPolicy(repo.project()));
    CompletableFuture<Hierarchy> hierarchyF =
        CompletableFuture.supplyAsync(() -> hierarchy(repo, e), executor);
    CompletableFuture<AccessCheck> accessF =
        CompletableFuture.supplyAsync(
            () ->
                askAccess(
                    account.get(),
                    repo,
                    e,
                    () -> join(repoPolicyF),
                    () -> join(projectPolicyF),
                    () -> join(hierarchyF)),
            executor);
    join(stateF).ifPresent(e::accountState);
    join(repoPolicyF).ifPresent(e::repositoryBindings);
    join(projectPolicyF).ifPresent(e::projectBindings);
    Hierarchy hierarchy = join(hierarchyF);
    e.ancestry(hierarchy.ancestry());
    // Incomplete: a level Pull Doctor could not read might hold the grant, or its condition.
    e.hierarchyBindings(hierarchy.complete() ? hierarchy.bindings() : null);
    AccessCheck access = unwrap(accessF);
    e.access(access);
    if (access.answer() == Access.DENIED) {
      explainDenial(account.get(), repo, hierarchy, e);
    }

    // Phase 3: only a readable repository tells whether the tag is missing, and what its mode,
    // key, policies and rules add.
    if (access.answer() == Access.GRANTED && Scopes.allowPull(pool.pool().oauthScopes())) {
      RepositoryInfo described =
          repoFound.flatMap(found -> found).orElse(RepositoryInfo.standard(repo));
      new ModeInvestigation(this, ports, failure.image(), described, number, cluster.project())
          .gather(e);
    }
  }

  /** The image's tag or digest in {@code repo}, looked up by name; empty when not answered. */
  CompletableFuture<Optional<Ports.Version>> version(
      Evidence.Builder e, RepositoryRef repo, ImageReference image) {
    return asyncRegistry(e, () -> ports.registry().version(repo, image.image(), image.version()));
  }

  private AccessCheck askAccess(
      String account,
      RepositoryRef repo,
      Evidence.Builder e,
      Supplier<Optional<List<Binding>>> repoPolicy,
      Supplier<Optional<List<Binding>>> projectPolicy,
      Supplier<Hierarchy> hierarchy) {
    List<String> fallbacks = new ArrayList<>();
    if (method == Method.AUTO || method == Method.IMPERSONATE) {
      try {
        boolean may = ports.impersonation().mayPull(account, repo);
        String detail =
            "testIamPermissions as "
                + account
                + " on "
                + repo.resourceName()
                + (may ? " includes " : " lacks ")
                + RoleCatalog.DOWNLOAD;
        if (may && method == Method.AUTO && e.failureKind == FailureKind.PERMISSION_DENIED) {
          return confirmGranted(account, repo, e, detail, fallbacks);
        }
        return new AccessCheck(
            "impersonate", may ? Access.GRANTED : Access.DENIED, detail, fallbacks);
      } catch (InspectionFailure f) {
        rethrowTransient(f);
        fallbacks.add("impersonate: " + f.getMessage());
        if (method == Method.IMPERSONATE) {
          e.problem(Evidence.Problem.of(f));
          return new AccessCheck("impersonate", Access.UNKNOWN, f.getMessage(), fallbacks);
        }
      }
    }
    if (method == Method.AUTO || method == Method.TROUBLESHOOTER) {
      try {
        Troubleshooting t = ports.troubleshooter().explain(account, repo, e.now);
        if (t.access() != Access.UNKNOWN || method == Method.TROUBLESHOOTER) {
          e.denyingRules(t.denyingRules());
          e.denyAttachedTo(t.denyAttachedTo());
          return new AccessCheck("troubleshooter", t.access(), describe(t), fallbacks);
        }
        fallbacks.add("troubleshooter: access state unknown (" + describe(t) + ")");
      } catch (InspectionFailure f) {
        rethrowTransient(f);
        fallbacks.add("troubleshooter: " + f.getMessage());
        if (method == Method.TROUBLESHOOTER) {
          e.problem(Evidence.Problem.of(f));
          return new AccessCheck("troubleshooter", Access.UNKNOWN, f.getMessage(), fallbacks);
        }
      }
    }
    return byPolicy(account, repo, e, repoPolicy, projectPolicy, hierarchy, fallbacks);
  }

  /**
   * testIamPermissions is documented as not meant for authorization checks
   * (https://cloud.google.com/iam/docs/reference/rest/v1/projects/testIamPermissions): a GRANTED
   * that contradicts the 403 the node just got is put to the troubleshooter, and both answers go
   * into the evidence. The troubleshooter's DENIED wins; when it cannot answer, the GRANTED stands
   * and says it was not confirmed.
   */
  private AccessCheck confirmGranted(
      String account,
      RepositoryRef repo,
      Evidence.Builder e,
      String impersonated,
      List<String> fallbacks) {
    String contradicts = "impersonate: GRANTED (" + impersonated + "), against the node's 403";
    try {
      Troubleshooting t = ports.troubleshooter().explain(account, repo, e.now);
      if (t.access() == Access.DENIED) {
        e.denyingRules(t.denyingRules());
        e.denyAttachedTo(t.denyAttachedTo());
        List<String> tried = new ArrayList<>(fallbacks);
        tried.add(contradicts);
        return new AccessCheck("troubleshooter", Access.DENIED, describe(t), tried);
      }
      if (t.access() == Access.GRANTED) {
        return new AccessCheck(
            "impersonate",
            Access.GRANTED,
            impersonated + "; the troubleshooter confirms: " + describe(t),
            fallbacks);
      }
      return new AccessCheck(
          "impersonate",
          Access.GRANTED,
          impersonated + "; the troubleshooter could not confirm it: " + describe(t),
          fallbacks);
    } catch (InspectionFailure f) {
      rethrowTransient(f);
      return new AccessCheck(
          "impersonate",
          Access.GRANTED,
          impersonated + "; the troubleshooter could not confirm it: " + f.getMessage(),
          fallbacks);
    }
  }

  /**
   * Pull Doctor's own reading (DESIGN.md §3): an allow binding of a pulling role that holds now
   * (unconditional, or its condition true) on the repository, the project, a folder above it or the
   * organization, and no deny rule at the project, its folders or the organization that blocks the
   * permission. What it cannot read or evaluate makes the answer UNKNOWN, never a guess.
   */
  private AccessCheck byPolicy(
      String account,
      RepositoryRef repo,
      Evidence.Builder e,
      Supplier<Optional<List<Binding>>> repoPolicy,
      Supplier<Optional<List<Binding>>> projectPolicy,
      Supplier<Hierarchy> hierarchySupplier,
      List<String> fallbacks) {
    Optional<List<Binding>> repoBindings = repoPolicy.get();
    Optional<List<Binding>> projectBindings = projectPolicy.get();
    if (repoBindings.isEmpty() || projectBindings.isEmpty()) {
      return new AccessCheck(
          "policy", Access.UNKNOWN, "the allow policies could not be read", fallbacks);
    }
    Hierarchy hierarchy = hierarchySupplier.get();
    String member = "serviceAccount:" + account;
    List<Binding> all = new ArrayList<>(repoBindings.get());
    all.addAll(projectBindings.get());
    all.addAll(hierarchy.bindings());
    Conditions.Context context = Conditions.Context.repository(e.now, repo.resourceName());
    Binding granting = null;
    String grantingWhy = "";
    List<String> undecided = new ArrayList<>();
    for (Binding b : all) {
      if (!roles.grantsPull(b.role()) || !b.includes(member)) {
        continue;
      }
      if (!b.conditional()) {
        granting = b;
        grantingWhy = "";
        break;
      }
      Conditions.Verdict v = Conditions.evaluate(b.condition(), context);
      if (v.outcome() == Conditions.Outcome.TRUE && granting == null) {
        granting = b;
        grantingWhy = " (its condition holds: " + v.reason() + ")";
      } else if (v.outcome() == Conditions.Outcome.UNDECIDED) {
        undecided.add(b.describe() + ": " + v.reason());
      }
    }
    String levels =
        "the repository, its project"
            + (hierarchy.ancestry().isEmpty()
                ? ""
                : ", " + String.join(", ", hierarchy.ancestry().stream().map(Levels::on).toList()));
    if (granting == null) {
      if (!undecided.isEmpty() || !hierarchy.complete()) {
        return new AccessCheck(
            "policy",
            Access.UNKNOWN,
            "no binding on "
                + levels
                + " proves that "
                + member
                + " may pull"
                + (hierarchy.complete() ? "" : ", and not every level's policy could be read")
                + (undecided.isEmpty() ? "" : "; undecided: " + String.join("; ", undecided)),
            fallbacks);
      }
      return new AccessCheck(
          "policy",
          Access.DENIED,
          "no binding on "
              + levels
              + " gives "
              + member
              + " a role with "
              + RoleCatalog.DOWNLOAD
              + " that holds now",
          fallbacks);
    }
    String grant = granting.role() + " on " + granting.on() + " includes " + member + grantingWhy;
    if (ports.hierarchy() == null) {
      return new AccessCheck(
          "policy",
          Access.GRANTED,
          grant + " (deny policies are not visible to this method)",
          fallbacks);
    }
    DenyRead denies = denies(account, repo, hierarchy, e);
    List<Denials.Hit> blocking =
        denies.hits().stream().filter(h -> h.outcome() == Conditions.Outcome.TRUE).toList();
    if (!blocking.isEmpty()) {
      recordDenials(blocking, e);
      return new AccessCheck(
          "policy",
          Access.DENIED,
          grant
              + ", but "
              + String.join("; ", blocking.stream().map(Denials.Hit::describe).toList())
              + " denies "
              + RoleCatalog.DOWNLOAD,
          fallbacks);
    }
    if (!denies.complete() || !denies.hits().isEmpty()) {
      return new AccessCheck(
          "policy",
          Access.UNKNOWN,
          grant
              + ", but "
              + (denies.complete()
                  ? String.join("; ", denies.hits().stream().map(Denials.Hit::describe).toList())
                  : "not every deny policy could be read"),
          fallbacks);
    }
    return new AccessCheck(
        "policy",
        Access.GRANTED,
        grant + "; no deny policy on the project, its folders or the organization blocks it",
        fallbacks);
  }

  /** The deny rules found, and whether every level's deny policies could be read. */
  private record DenyRead(List<Denials.Hit> hits, boolean complete) {}

  /** The deny policies of the repository's project, its folders and organization, evaluated. */
  private DenyRead denies(
      String account, RepositoryRef repo, Hierarchy hierarchy, Evidence.Builder e) {
    if (ports.hierarchy() == null) {
      return new DenyRead(List.of(), false);
    }
    List<String> levels = new ArrayList<>();
    levels.add("projects/" + repo.project());
    levels.addAll(hierarchy.ancestry());
    List<CompletableFuture<Optional<List<Ports.DenyPolicy>>>> reads = new ArrayList<>();
    for (String level : levels) {
      reads.add(async(e, () -> ports.hierarchy().denyPolicies(level)));
    }
    List<Ports.DenyPolicy> policies = new ArrayList<>();
    boolean complete = hierarchy.complete();
    for (CompletableFuture<Optional<List<Ports.DenyPolicy>>> read : reads) {
      Optional<List<Ports.DenyPolicy>> p = join(read);
      if (p.isPresent()) {
        policies.addAll(p.get());
      } else {
        complete = false;
      }
    }
    return new DenyRead(
        Denials.of(
            policies,
            account,
            RoleCatalog.DOWNLOAD,
            Conditions.Context.repository(e.now, repo.resourceName())),
        complete);
  }

  private static void recordDenials(List<Denials.Hit> hits, Evidence.Builder e) {
    e.denyingRules(hits.stream().map(Denials.Hit::describe).toList());
    e.denyAttachedTo(hits.stream().map(Denials.Hit::attachedTo).distinct().toList());
  }

  /**
   * Access was refused although an allow binding holds: the deny policies say by what, and where
   * they are attached. Read only then, and only when the troubleshooter has not already said.
   */
  private void explainDenial(
      String account, RepositoryRef repo, Hierarchy hierarchy, Evidence.Builder e) {
    Evidence sofar = e.build();
    if (!sofar.denyingRules().isEmpty()
        || ports.hierarchy() == null
        || Bindings.pullBindingFor(sofar, sofar.nodeMember(), roles).isEmpty()) {
      return;
    }
    List<Denials.Hit> blocking =
        denies(account, repo, hierarchy, e).hits().stream()
            .filter(h -> h.outcome() == Conditions.Outcome.TRUE)
            .toList();
    recordDenials(blocking, e);
  }

  /**
   * The repository project's ancestry and the allow policies of each folder and the organization
   * (https://cloud.google.com/resource-manager/docs/cloud-platform-resource-hierarchy). A level
   * that cannot be read is a problem in the evidence, and the hierarchy is then incomplete.
   */
  private Hierarchy hierarchy(RepositoryRef repo, Evidence.Builder e) {
    if (ports.hierarchy() == null) {
      return Hierarchy.NONE;
    }
    Optional<List<String>> ancestry =
        join(async(e, () -> ports.hierarchy().ancestry(repo.project())));
    if (ancestry.isEmpty()) {
      return new Hierarchy(List.of(), List.of(), false);
    }
    List<CompletableFuture<Optional<List<Binding>>>> reads = new ArrayList<>();
    for (String level : ancestry.get()) {
      reads.add(async(e, () -> ports.hierarchy().iamPolicy(level)));
    }
    List<Binding> bindings = new ArrayList<>();
    boolean complete = true;
    for (CompletableFuture<Optional<List<Binding>>> read : reads) {
      Optional<List<Binding>> b = join(read);
      if (b.isPresent()) {
        bindings.addAll(b.get());
      } else {
        complete = false;
      }
    }
    return new Hierarchy(ancestry.get(), bindings, complete);
  }

  private static String describe(Troubleshooting t) {
    List<String> parts = new ArrayList<>();
    parts.add("overall access " + t.access());
    if (!t.grantingBindings().isEmpty()) {
      parts.add("granted by " + String.join("; ", t.grantingBindings()));
    }
    if (!t.denyingRules().isEmpty()) {
      parts.add("denied by " + String.join("; ", t.denyingRules()));
    }
    return String.join(", ", parts);
  }

  /** Runs a look-up; a non-transient failure becomes a problem and an empty answer. */
  <T> CompletableFuture<Optional<T>> async(Evidence.Builder e, Supplier<T> lookup) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return Optional.ofNullable(lookup.get());
          } catch (InspectionFailure f) {
            rethrowTransient(f);
            e.problem(Evidence.Problem.of(f));
            return Optional.empty();
          }
        },
        executor);
  }

  /** As {@link #async}, and an Artifact Registry API that is off is recorded as such. */
  <T> CompletableFuture<Optional<T>> asyncRegistry(Evidence.Builder e, Supplier<T> lookup) {
    return async(
        e,
        () -> {
          try {
            return lookup.get();
          } catch (InspectionFailure f) {
            if (f.kind() == InspectionFailure.Kind.API_DISABLED) {
              e.registryApiDisabled(true);
            }
            throw f;
          }
        });
  }

  private static void rethrowTransient(InspectionFailure f) {
    if (f.kind() == InspectionFailure.Kind.TRANSIENT) {
      throw f;
    }
  }

  static <T> T join(CompletableFuture<T> future) {
    return unwrap(future);
  }

  private static <T> T unwrap(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new InspectionFailure(
          InspectionFailure.Kind.TRANSIENT, "investigation", null, null, "interrupted");
    } catch (ExecutionException ex) {
      Throwable cause =
          ex.getCause() instanceof CompletionException c ? c.getCause() : ex.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    }
  }
}
