package dev.pulldoctor.diagnose;

import dev.pulldoctor.diagnose.Ports.Access;
import dev.pulldoctor.diagnose.Ports.AccountState;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.RepositoryRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything the investigation found out, before any conclusion: the decision rules read only this.
 * A null field means "not looked at, or could not be"; {@link #problems} says which.
 */
public record Evidence(
    FailureKind failureKind,
    ImageReference image,
    ClusterRef cluster,
    String nodeName,
    String nodePool,
    String poolResolution,
    String nodeServiceAccount,
    List<String> oauthScopes,
    Set<String> otherNodeAccounts,
    AccountState accountState,
    RepositoryRef repository,
    Boolean repositoryExists,
    List<RepositoryRef> sameNameElsewhere,
    boolean registryApiDisabled,
    AccessCheck access,
    List<Binding> repositoryBindings,
    List<Binding> projectBindings,
    List<String> denyingRules,
    Boolean versionExists,
    List<Problem> problems,
    Instant now,
    List<String> ancestry,
    List<Binding> hierarchyBindings,
    List<String> denyAttachedTo) {

  public Evidence {
    oauthScopes = oauthScopes == null ? null : List.copyOf(oauthScopes);
    otherNodeAccounts = otherNodeAccounts == null ? Set.of() : Set.copyOf(otherNodeAccounts);
    sameNameElsewhere = sameNameElsewhere == null ? List.of() : List.copyOf(sameNameElsewhere);
    repositoryBindings = repositoryBindings == null ? null : List.copyOf(repositoryBindings);
    projectBindings = projectBindings == null ? null : List.copyOf(projectBindings);
    denyingRules = denyingRules == null ? List.of() : List.copyOf(denyingRules);
    problems = problems == null ? List.of() : List.copyOf(problems);
    ancestry = ancestry == null ? List.of() : List.copyOf(ancestry);
    hierarchyBindings = hierarchyBindings == null ? null : List.copyOf(hierarchyBindings);
    denyAttachedTo = denyAttachedTo == null ? List.of() : List.copyOf(denyAttachedTo);
  }

  /**
   * The answer to "may the node's account pull?", the method that gave it ({@code impersonate},
   * {@code troubleshooter}, {@code policy}) and the methods tried before it, with why they could
   * not answer.
   */
  public record AccessCheck(String method, Access answer, String detail, List<String> fallbacks) {
    public AccessCheck {
      fallbacks = List.copyOf(fallbacks);
    }
  }

  /** Something Pull Doctor could not inspect, and why. */
  public record Problem(
      String what, InspectionFailure.Kind kind, String permission, String role, String detail) {
    static Problem of(InspectionFailure f) {
      return new Problem(f.what(), f.kind(), f.permission(), f.role(), f.detail());
    }
  }

  /** The member form of the node account, as it appears in bindings. */
  public String nodeMember() {
    return nodeServiceAccount == null ? null : "serviceAccount:" + nodeServiceAccount;
  }

  /** The first look-up that Pull Doctor was not allowed to make, if any. */
  public Problem firstDenied() {
    return problems.stream()
        .filter(p -> p.kind() == InspectionFailure.Kind.PERMISSION_DENIED)
        .findFirst()
        .orElse(null);
  }

  /**
   * The first look-up of a folder or the organization above the project that Pull Doctor was not
   * allowed to make: a level whose policies could hold the grant, its condition or a deny.
   */
  public Problem firstDeniedAbove() {
    return problems.stream()
        .filter(p -> p.kind() == InspectionFailure.Kind.PERMISSION_DENIED)
        .filter(p -> p.what().contains("folders") || p.what().contains("organizations"))
        .findFirst()
        .orElse(null);
  }

  /** All bindings read, repository first, then the project, its folders, the organization. */
  public List<Binding> allBindings() {
    List<Binding> all = new ArrayList<>();
    if (repositoryBindings != null) {
      all.addAll(repositoryBindings);
    }
    if (projectBindings != null) {
      all.addAll(projectBindings);
    }
    if (hierarchyBindings != null) {
      all.addAll(hierarchyBindings);
    }
    return all;
  }

  /**
   * What the repository's conditions are evaluated against: the investigation's clock and the
   * repository (https://cloud.google.com/iam/docs/conditions-attribute-reference).
   */
  public Conditions.Context conditionContext() {
    return Conditions.Context.repository(
        now, repository == null ? null : repository.resourceName());
  }

  /** A mutable builder, filled in by the investigation as look-ups come back. */
  public static final class Builder {
    FailureKind failureKind = FailureKind.UNKNOWN;
    ImageReference image;
    ClusterRef cluster;
    String nodeName;
    String nodePool;
    String poolResolution;
    String nodeServiceAccount;
    List<String> oauthScopes;
    Set<String> otherNodeAccounts;
    AccountState accountState;
    RepositoryRef repository;
    Boolean repositoryExists;
    List<RepositoryRef> sameNameElsewhere;
    boolean registryApiDisabled;
    AccessCheck access;
    List<Binding> repositoryBindings;
    List<Binding> projectBindings;
    List<String> denyingRules;
    Boolean versionExists;
    final List<Problem> problems = new ArrayList<>();
    Instant now;
    List<String> ancestry;
    List<Binding> hierarchyBindings;
    List<String> denyAttachedTo;

    /** The investigation's clock, against which {@code request.time} conditions are read. */
    public Builder now(Instant v) {
      now = v;
      return this;
    }

    /** The repository project's folders and organization, nearest first. */
    public Builder ancestry(List<String> v) {
      ancestry = v;
      return this;
    }

    /** The allow bindings of the folders and the organization above the repository's project. */
    public Builder hierarchyBindings(List<Binding> v) {
      hierarchyBindings = v;
      return this;
    }

    /** Where the deny rules that block the pull are attached. */
    public Builder denyAttachedTo(List<String> v) {
      denyAttachedTo = v;
      return this;
    }

    public Builder failureKind(FailureKind v) {
      failureKind = v;
      return this;
    }

    public Builder image(ImageReference v) {
      image = v;
      return this;
    }

    public Builder cluster(ClusterRef v) {
      cluster = v;
      return this;
    }

    public Builder nodeName(String v) {
      nodeName = v;
      return this;
    }

    public Builder nodePool(String v, String how) {
      nodePool = v;
      poolResolution = how;
      return this;
    }

    public Builder nodeServiceAccount(String v) {
      nodeServiceAccount = v;
      return this;
    }

    public Builder oauthScopes(List<String> v) {
      oauthScopes = v;
      return this;
    }

    public Builder otherNodeAccounts(Set<String> v) {
      otherNodeAccounts = v;
      return this;
    }

    public Builder accountState(AccountState v) {
      accountState = v;
      return this;
    }

    public Builder repository(RepositoryRef v) {
      repository = v;
      return this;
    }

    public Builder repositoryExists(Boolean v) {
      repositoryExists = v;
      return this;
    }

    public Builder sameNameElsewhere(List<RepositoryRef> v) {
      sameNameElsewhere = v;
      return this;
    }

    public Builder registryApiDisabled(boolean v) {
      registryApiDisabled = v;
      return this;
    }

    public Builder access(AccessCheck v) {
      access = v;
      return this;
    }

    public Builder repositoryBindings(List<Binding> v) {
      repositoryBindings = v;
      return this;
    }

    public Builder projectBindings(List<Binding> v) {
      projectBindings = v;
      return this;
    }

    public Builder denyingRules(List<String> v) {
      denyingRules = v;
      return this;
    }

    public Builder versionExists(Boolean v) {
      versionExists = v;
      return this;
    }

    public synchronized Builder problem(Problem p) {
      problems.add(p);
      return this;
    }

    public synchronized Evidence build() {
      return new Evidence(
          failureKind,
          image,
          cluster,
          nodeName,
          nodePool,
          poolResolution,
          nodeServiceAccount,
          oauthScopes,
          otherNodeAccounts,
          accountState,
          repository,
          repositoryExists,
          sameNameElsewhere,
          registryApiDisabled,
          access,
          repositoryBindings,
          projectBindings,
          denyingRules,
          versionExists,
          problems,
          now,
          ancestry,
          hierarchyBindings,
          denyAttachedTo);
    }
  }
}
