package dev.pulldoctor.diagnose;

import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.RepositoryRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the investigation needs from Google Cloud, one small interface per need. Each method throws
 * {@link InspectionFailure} when the look-up fails.
 */
public final class Ports {
  private Ports() {}

  /** GKE: the cluster and its node pools. */
  public interface ClusterDirectory {
    ClusterInfo cluster(ClusterRef cluster);
  }

  /**
   * Resource Manager: project numbers and project allow policies. Either may be null when a
   * decorator knows it is not needed (the audit's, for a pair that can pull).
   */
  public interface ProjectDirectory {
    String projectNumber(String projectId);

    List<Binding> iamPolicy(String projectId);
  }

  /**
   * The resource hierarchy above a project (Resource Manager v3) and the policies along it: allow
   * policies of folders and the organization, and IAM v2 deny policies of the project, its folders
   * and the organization (https://cloud.google.com/iam/docs/deny-access).
   */
  public interface HierarchyDirectory {
    /**
     * The project's ancestors, nearest first: {@code folders/N}… then {@code organizations/N};
     * empty for a project with no organization.
     */
    List<String> ancestry(String projectId);

    /** The allow policy of {@code folders/N} or {@code organizations/N}, read at version 3. */
    List<Binding> iamPolicy(String resource);

    /**
     * The deny policies attached to {@code projects/P}, {@code folders/N} or {@code
     * organizations/N}, with their rules.
     */
    List<DenyPolicy> denyPolicies(String resource);
  }

  /**
   * An IAM v2 deny policy: its name, the resource it is attached to ({@code projects/P}, {@code
   * folders/N}, {@code organizations/N}) and its rules.
   */
  public record DenyPolicy(String name, String attachedTo, List<DenyRule> rules) {
    public DenyPolicy {
      rules = List.copyOf(rules);
    }
  }

  /**
   * One deny rule (https://cloud.google.com/iam/docs/reference/rest/v2/policies#denyrule):
   * principals in the v2 identifier form, permissions in the {@code SERVICE/RESOURCE.VERB} form,
   * and the denial condition, null when the rule always applies.
   */
  public record DenyRule(
      List<String> deniedPrincipals,
      List<String> exceptionPrincipals,
      List<String> deniedPermissions,
      List<String> exceptionPermissions,
      Condition denialCondition) {
    public DenyRule {
      deniedPrincipals = List.copyOf(deniedPrincipals);
      exceptionPrincipals = List.copyOf(exceptionPrincipals);
      deniedPermissions = List.copyOf(deniedPermissions);
      exceptionPermissions = List.copyOf(exceptionPermissions);
    }
  }

  /** Artifact Registry: repositories, their images and allow policies. */
  public interface RegistryDirectory {
    /** The repository as GetRepository describes it, or empty when it does not exist. */
    Optional<RepositoryInfo> repository(RepositoryRef repository);

    /** Repositories of the same name in the project's other locations. */
    List<RepositoryRef> sameNameElsewhere(RepositoryRef repository);

    /**
     * {@code version} (a tag or a digest) of {@code image}, looked up by name; null when not asked
     * (a decorator that knows the answer is not needed, as the audit's for a repository as a
     * whole).
     */
    Version version(RepositoryRef repository, String image, String version);

    /**
     * The repository's allow policy; null when not read (a decorator that knows it is not needed:
     * the audit explains only the pairs that cannot pull).
     */
    List<Binding> iamPolicy(RepositoryRef repository);
  }

  /**
   * A tag or digest looked up by name: whether it exists, the digest it names ({@code sha256:…}; a
   * tag's from its {@code Tag.version}) and its manifest's media type when the look-up read it
   * (GetDockerImage of a digest does, GetTag of a tag does not).
   */
  public record Version(boolean exists, String digest, String mediaType) {
    /** No such tag or digest. */
    public static final Version MISSING = new Version(false, null, null);
  }

  /** IAM: service accounts. */
  public interface ServiceAccountDirectory {
    /** The account's state; a decorator may answer from a token minted for it (the audit's). */
    AccountState state(String email);
  }

  /** Whether a service account exists and is enabled. */
  public enum AccountState {
    /** It exists and is enabled. */
    ENABLED,
    /** It exists and is disabled. */
    DISABLED,
    /** No such account (deleted, or never created). */
    NOT_FOUND
  }

  /**
   * Asks as the node's account: mints a token for it (IAM Credentials) and calls Artifact Registry
   * {@code testIamPermissions} with it.
   */
  public interface Impersonation {
    /** True when {@code account} holds downloadArtifacts on {@code repository}. */
    boolean mayPull(String account, RepositoryRef repository);
  }

  /** IAM Policy Troubleshooter v3. */
  public interface Troubleshooter {
    Troubleshooting explain(String account, RepositoryRef repository);

    /**
     * As {@link #explain(String, RepositoryRef)}, for a request made at {@code at}: conditional
     * bindings on {@code request.time} are evaluated only when the request's time is given.
     */
    default Troubleshooting explain(String account, RepositoryRef repository, Instant at) {
      return explain(account, repository);
    }
  }

  /**
   * The troubleshooter's answer: the overall access, the allow bindings that grant the permission
   * to the account, the deny rules that block it, and where those deny rules are attached ({@code
   * projects/P}, {@code folders/N}, {@code organizations/N}).
   */
  public record Troubleshooting(
      Access access,
      List<String> grantingBindings,
      List<String> denyingRules,
      List<String> denyAttachedTo) {
    public Troubleshooting {
      grantingBindings = List.copyOf(grantingBindings);
      denyingRules = List.copyOf(denyingRules);
      denyAttachedTo = List.copyOf(denyAttachedTo);
    }

    public Troubleshooting(
        Access access, List<String> grantingBindings, List<String> denyingRules) {
      this(access, grantingBindings, denyingRules, List.of());
    }
  }

  /** An answer to "may the account pull?". */
  public enum Access {
    /** Yes. */
    GRANTED,
    /** No. */
    DENIED,
    /** Could not tell. */
    UNKNOWN
  }
}
