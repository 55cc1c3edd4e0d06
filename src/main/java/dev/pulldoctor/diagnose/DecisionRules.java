package dev.pulldoctor.diagnose;

import dev.pulldoctor.diagnose.Ports.Access;
import dev.pulldoctor.diagnose.Ports.AccountState;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.RootCause;
import java.util.List;
import java.util.Optional;

/**
 * The root-cause rules, in the order DESIGN.md §3 decides them: what the image and the repository
 * say first, then the account, then whether it may pull, and only then why not. Each rule is pure
 * over gathered {@link Evidence}; the first that speaks decides.
 */
public final class DecisionRules {

  /** One rule: a root cause when the evidence proves it, else empty. */
  interface Rule {
    Optional<RootCause> decide(Evidence e, RoleCatalog roles);
  }

  /** The rules, in decision order. */
  static final List<Rule> ORDER =
      List.of(
          new VpcServiceControls(),
          new RegistryApiDisabled(),
          new ImageOutOfScope(),
          new ModeRules.ContainerRegistryNotMigrated(),
          new RepositoryMissing(),
          new PoolUnknown(),
          new AccountBroken(),
          new RepositoryUnknown(),
          new ModeRules.CmekKeyUnusable(),
          new ModeRules.RemoteUpstreamCredentials(),
          new ModeRules.RemoteUpstreamBlocked(),
          new ModeRules.VirtualUpstreamDenied(),
          new ModeRules.DownloadRuleDenied(),
          new ModeRules.ImageDeletedByCleanup(),
          new ModeRules.ImageFormatUnsupported(),
          new ModeRules.RemoteConfigUnread(),
          new ModeRules.RemoteUpstreamFailed(),
          new AccessGranted(),
          new AccessDenied(),
          new AccessUnknown());

  private DecisionRules() {}

  /** The root cause the evidence proves; {@link RootCause#UNDETERMINED} when none does. */
  public static RootCause decide(Evidence e, RoleCatalog roles) {
    for (Rule rule : ORDER) {
      Optional<RootCause> cause = rule.decide(e, roles);
      if (cause.isPresent()) {
        return cause.get();
      }
    }
    return RootCause.UNDETERMINED;
  }

  /** A perimeter says so in the message itself; no look-up can see more. */
  static final class VpcServiceControls implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      return when(
          e.failureKind() == FailureKind.VPC_SERVICE_CONTROLS, RootCause.VPC_SERVICE_CONTROLS);
    }
  }

  static final class RegistryApiDisabled implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      return when(e.registryApiDisabled(), RootCause.API_DISABLED);
    }
  }

  /** Images from other registries are not Pull Doctor's to diagnose. */
  static final class ImageOutOfScope implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      return when(e.image() == null || !e.image().inScope(), RootCause.UNDETERMINED);
    }
  }

  static final class RepositoryMissing implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      if (!Boolean.FALSE.equals(e.repositoryExists())) {
        return Optional.empty();
      }
      return Optional.of(
          e.sameNameElsewhere().isEmpty()
              ? RootCause.REPOSITORY_NOT_FOUND
              : RootCause.REPOSITORY_IN_OTHER_LOCATION);
    }
  }

  /** Without the pool's account nothing else can be asked. */
  static final class PoolUnknown implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      if (e.nodeServiceAccount() != null) {
        return Optional.empty();
      }
      return Optional.of(
          e.firstDenied() != null ? RootCause.INSPECTION_DENIED : RootCause.UNDETERMINED);
    }
  }

  static final class AccountBroken implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      if (e.accountState() == AccountState.NOT_FOUND) {
        return Optional.of(RootCause.NODE_SA_NOT_FOUND);
      }
      return when(e.accountState() == AccountState.DISABLED, RootCause.NODE_SA_DISABLED);
    }
  }

  static final class RepositoryUnknown implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      return when(
          e.repositoryExists() == null && e.firstDenied() != null, RootCause.INSPECTION_DENIED);
    }
  }

  /** IAM allows the pull: then scopes or a missing tag explain the failure, or nothing does. */
  static final class AccessGranted implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      if (e.access() == null || e.access().answer() != Access.GRANTED) {
        return Optional.empty();
      }
      if (e.oauthScopes() != null && !Scopes.allowPull(e.oauthScopes())) {
        return Optional.of(RootCause.MISSING_OAUTH_SCOPES);
      }
      if (Boolean.FALSE.equals(e.versionExists())) {
        return Optional.of(RootCause.IMAGE_NOT_FOUND);
      }
      return Optional.of(RootCause.ACCESS_NOW_GRANTED);
    }
  }

  /**
   * IAM refuses the pull: the bindings say why. A binding counts as an allow only when its
   * condition holds now; one whose condition is proven not to hold explains the refusal
   * (CONDITION_NOT_MET), and one Pull Doctor cannot evaluate leaves the cause unproven.
   */
  static final class AccessDenied implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      if (e.access() == null || e.access().answer() != Access.DENIED) {
        return Optional.empty();
      }
      if (!e.denyingRules().isEmpty()
          || Bindings.pullBindingFor(e, e.nodeMember(), roles).isPresent()) {
        return Optional.of(RootCause.DENY_POLICY);
      }
      List<Bindings.Judged> conditional =
          Bindings.conditionalPullBindingsFor(e, e.nodeMember(), roles);
      if (!conditional.isEmpty()) {
        boolean allFail =
            conditional.stream().allMatch(j -> j.verdict().outcome() == Conditions.Outcome.FALSE);
        return Optional.of(allFail ? RootCause.CONDITION_NOT_MET : RootCause.UNDETERMINED);
      }
      // A folder or the organization Pull Doctor may not read could hold the grant: no guess.
      if (e.firstDeniedAbove() != null) {
        return Optional.of(RootCause.INSPECTION_DENIED);
      }
      if (Bindings.pullBindingForOtherNodeAccount(e, roles).isPresent()) {
        return Optional.of(RootCause.GRANT_ON_OTHER_ACCOUNT);
      }
      if (Bindings.legacyBindingFor(e, roles).isPresent()) {
        return Optional.of(RootCause.LEGACY_GCR_PERMISSIONS);
      }
      if (!e.repository().project().equals(e.cluster().project())) {
        return Optional.of(RootCause.CROSS_PROJECT_GRANT_MISSING);
      }
      return Optional.of(RootCause.NODE_SA_MISSING_READER);
    }
  }

  static final class AccessUnknown implements Rule {
    @Override
    public Optional<RootCause> decide(Evidence e, RoleCatalog roles) {
      return when(e.firstDenied() != null, RootCause.INSPECTION_DENIED);
    }
  }

  private static Optional<RootCause> when(boolean condition, RootCause cause) {
    return condition ? Optional.of(cause) : Optional.empty();
  }
}
