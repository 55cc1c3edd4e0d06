package dev.pulldoctor.diagnose;

import dev.pulldoctor.diagnose.Evidence.AccessCheck;
import dev.pulldoctor.diagnose.Ports.Access;
import dev.pulldoctor.diagnose.Ports.AccountState;
import dev.pulldoctor.diagnose.Ports.ClusterDirectory;
import dev.pulldoctor.diagnose.Ports.Impersonation;
import dev.pulldoctor.diagnose.Ports.ProjectDirectory;
import dev.pulldoctor.diagnose.Ports.RegistryDirectory;
import dev.pulldoctor.diagnose.Ports.ServiceAccountDirectory;
import dev.pulldoctor.diagnose.Ports.Troubleshooter;
import dev.pulldoctor.diagnose.Ports.Troubleshooting;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
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

  /** The ports the investigation reads through. */
  public record Directories(
      ClusterDirectory clusters,
      ProjectDirectory projects,
      RegistryDirectory registry,
      ServiceAccountDirectory accounts,
      Impersonation impersonation,
      Troubleshooter troubleshooter) {}

  /** How "may the node's account pull?" is asked (DESIGN.md §3). */
  public enum Method {
    /** Impersonate, then troubleshooter, then policy: the first that can answer. */
    AUTO,
    /** Only as the node account, through a minted token. */
    IMPERSONATE,
    /** Only through the IAM Policy Troubleshooter. */
    TROUBLESHOOTER,
    /** Only from Pull Doctor's own reading of the allow policies. */
    POLICY
  }

  private final Directories ports;
  private final Method method;
  private final Executor executor;
  private final RoleCatalog roles;
  private final String selfAccount;

  public Investigator(
      Directories ports, Method method, Executor executor, RoleCatalog roles, String selfAccount) {
    this.ports = ports;
    this.method = method;
    this.executor = executor;
    this.roles = roles;
    this.selfAccount = selfAccount;
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
    Evidence.Builder e = new Evidence.Builder();
    // The policies are read only if the policy method has to answer.
    return askAccess(
            account,
            repository,
            e,
            () -> join(asyncRegistry(e, () -> ports.registry().iamPolicy(repository))),
            () -> join(async(e, () -> ports.projects().iamPolicy(repository.project()))))
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
    return askAccess(account, repository, e, repositoryPolicy, projectPolicy);
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
    CompletableFuture<Optional<Optional<RepositoryRef>>> repoF =
        asyncRegistry(e, () -> ports.registry().repository(repo));
    Optional<ClusterInfo> info = join(clusterF);
    Optional<String> number = join(numberF);
    Optional<Optional<RepositoryRef>> repoFound = join(repoF);
    repoFound.ifPresent(found -> e.repositoryExists(found.isPresent()));

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
    e.otherNodeAccounts(NodePools.otherAccounts(info.get(), pool.pool(), number));

    // Phase 2: the account's state, the access question and the policies are independent.
    CompletableFuture<Optional<AccountState>> stateF =
        async(e, () -> ports.accounts().state(account.get()));
    CompletableFuture<Optional<List<Binding>>> repoPolicyF =
        asyncRegistry(e, () -> ports.registry().iamPolicy(repo));
    CompletableFuture<Optional<List<Binding>>> projectPolicyF =
        async(e, () -> ports.projects().iamPolicy(repo.project()));
    CompletableFuture<AccessCheck> accessF =
        CompletableFuture.supplyAsync(
            () ->
                askAccess(
                    account.get(), repo, e, () -> join(repoPolicyF), () -> join(projectPolicyF)),
            executor);
    join(stateF).ifPresent(e::accountState);
    join(repoPolicyF).ifPresent(e::repositoryBindings);
    join(projectPolicyF).ifPresent(e::projectBindings);
    AccessCheck access = unwrap(accessF);
    e.access(access);

    // Phase 3: only a readable repository tells whether the tag is missing.
    if (access.answer() == Access.GRANTED && Scopes.allowPull(pool.pool().oauthScopes())) {
      ImageReference image = failure.image();
      join(asyncRegistry(
              e, () -> ports.registry().versionExists(repo, image.image(), image.version())))
          .ifPresent(e::versionExists);
    }
  }

  private AccessCheck askAccess(
      String account,
      RepositoryRef repo,
      Evidence.Builder e,
      Supplier<Optional<List<Binding>>> repoPolicy,
      Supplier<Optional<List<Binding>>> projectPolicy) {
    List<String> fallbacks = new ArrayList<>();
    if (method == Method.AUTO || method == Method.IMPERSONATE) {
      try {
        boolean may = ports.impersonation().mayPull(account, repo);
        return new AccessCheck(
            "impersonate",
            may ? Access.GRANTED : Access.DENIED,
            "testIamPermissions as "
                + account
                + " on "
                + repo.resourceName()
                + (may ? " includes " : " lacks ")
                + RoleCatalog.DOWNLOAD,
            fallbacks);
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
        Troubleshooting t = ports.troubleshooter().explain(account, repo);
        if (t.access() != Access.UNKNOWN || method == Method.TROUBLESHOOTER) {
          e.denyingRules(t.denyingRules());
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
    Optional<List<Binding>> repoBindings = repoPolicy.get();
    Optional<List<Binding>> projectBindings = projectPolicy.get();
    if (repoBindings.isEmpty() || projectBindings.isEmpty()) {
      return new AccessCheck(
          "policy", Access.UNKNOWN, "the allow policies could not be read", fallbacks);
    }
    String member = "serviceAccount:" + account;
    List<Binding> all = new ArrayList<>(repoBindings.get());
    all.addAll(projectBindings.get());
    Optional<Binding> granting =
        all.stream()
            .filter(b -> !b.conditional() && roles.grantsPull(b.role()) && b.includes(member))
            .findFirst();
    return new AccessCheck(
        "policy",
        granting.isPresent() ? Access.GRANTED : Access.DENIED,
        granting
            .map(b -> b.role() + " on " + b.on() + " includes " + member)
            .orElse(
                "no binding on the repository or its project gives "
                    + member
                    + " a role with "
                    + RoleCatalog.DOWNLOAD
                    + " (deny policies are not visible to this method)"),
        fallbacks);
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
  private <T> CompletableFuture<Optional<T>> async(Evidence.Builder e, Supplier<T> lookup) {
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
  private <T> CompletableFuture<Optional<T>> asyncRegistry(Evidence.Builder e, Supplier<T> lookup) {
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

  private static <T> T join(CompletableFuture<T> future) {
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
