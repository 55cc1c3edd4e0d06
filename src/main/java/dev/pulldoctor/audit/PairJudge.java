package dev.pulldoctor.audit;

import dev.pulldoctor.diagnose.Advice;
import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.ClusterInfo;
import dev.pulldoctor.diagnose.DecisionRules;
import dev.pulldoctor.diagnose.Evidence;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.NodePools;
import dev.pulldoctor.diagnose.Ports.Access;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import java.util.List;
import java.util.Optional;

/**
 * Decides one pair with the diagnosis's own rules: builds the pair's {@link Evidence} from the
 * shared access answer and the shared look-ups, then lets {@link DecisionRules} name the cause.
 * Evidence that only explains a refusal (policies, the cluster's other accounts) is gathered only
 * for pairs that cannot pull.
 */
final class PairJudge {
  private final SharedLookups lookups;
  private final RoleCatalog roles;

  PairJudge(SharedLookups lookups, RoleCatalog roles) {
    this.lookups = lookups;
    this.roles = roles;
  }

  /**
   * The row for {@code pool} and {@code repo}; {@code access} is null when the account is not
   * known.
   */
  AuditRow judge(PoolAccount pool, RepositoryRef repo, AccessOutcome access) {
    ClusterInfo cluster = pool.cluster();
    Evidence.Builder e =
        new Evidence.Builder()
            .failureKind(FailureKind.UNKNOWN)
            .image(RepositoryImage.of(repo))
            .cluster(cluster.ref())
            .repository(repo)
            .nodePool(
                pool.pool().name(),
                "node pool "
                    + pool.pool().name()
                    + " of cluster "
                    + cluster.ref()
                    + ", as audited");
    if (pool.account() == null) {
      if (pool.problem() != null) {
        e.problem(pool.problem());
      }
    } else {
      gather(pool, repo, access, e);
    }
    Evidence evidence = e.build();
    RootCause cause = DecisionRules.decide(evidence, roles);
    return new AuditRow(
        cluster.ref(),
        pool.pool().name(),
        pool.account(),
        repo,
        cause,
        evidence,
        Advice.of(cause, evidence, null, null, null));
  }

  private void gather(
      PoolAccount pool, RepositoryRef repo, AccessOutcome access, Evidence.Builder e) {
    e.nodeServiceAccount(pool.account())
        .oauthScopes(pool.pool().oauthScopes())
        .access(access.check())
        .denyingRules(access.denyingRules());
    access.problems().forEach(e::problem);
    if (access.check().answer() == Access.GRANTED) {
      // Every method asks about the repository itself, and a missing one answers NOT_FOUND.
      e.repositoryExists(true);
    } else {
      explainRefusal(pool, repo, e);
    }
    if (!access.accountProvenUsable()) {
      lookups.accountState(pool.account()).into(e).ifPresent(e::accountState);
    }
  }

  /** What the rules read to tell why not: the policies, and who else the cluster runs as. */
  private void explainRefusal(PoolAccount pool, RepositoryRef repo, Evidence.Builder e) {
    Lookup<List<Binding>> repoPolicy = lookups.repositoryPolicy(repo);
    if (repoPolicy.failedWith(InspectionFailure.Kind.NOT_FOUND)) {
      e.repositoryExists(false);
      lookups.sameNameElsewhere(repo).into(e).ifPresent(e::sameNameElsewhere);
      return;
    }
    if (repoPolicy.failedWith(InspectionFailure.Kind.API_DISABLED)) {
      e.registryApiDisabled(true);
    }
    repoPolicy.into(e).ifPresent(bindings -> e.repositoryExists(true).repositoryBindings(bindings));
    lookups.projectPolicy(repo.project()).into(e).ifPresent(e::projectBindings);
    Optional<String> number = lookups.projectNumber(pool.cluster().ref().project()).into(e);
    e.otherNodeAccounts(NodePools.otherAccounts(pool.cluster(), pool.pool(), number));
  }
}
