package dev.pulldoctor.diagnose;

import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.RepositoryRef;
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

  /** Resource Manager: project numbers and project allow policies. */
  public interface ProjectDirectory {
    String projectNumber(String projectId);

    List<Binding> iamPolicy(String projectId);
  }

  /** Artifact Registry: repositories, their images and allow policies. */
  public interface RegistryDirectory {
    /** The repository as GetRepository describes it, or empty when it does not exist. */
    Optional<RepositoryInfo> repository(RepositoryRef repository);

    /** Repositories of the same name in the project's other locations. */
    List<RepositoryRef> sameNameElsewhere(RepositoryRef repository);

    /** Whether {@code version} (a tag or a digest) of {@code image} exists. */
    boolean versionExists(RepositoryRef repository, String image, String version);

    List<Binding> iamPolicy(RepositoryRef repository);
  }

  /** IAM: service accounts. */
  public interface ServiceAccountDirectory {
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
  }

  /**
   * The troubleshooter's answer: the overall access, the allow bindings that grant the permission
   * to the account, and the deny rules that block it.
   */
  public record Troubleshooting(
      Access access, List<String> grantingBindings, List<String> denyingRules) {
    public Troubleshooting {
      grantingBindings = List.copyOf(grantingBindings);
      denyingRules = List.copyOf(denyingRules);
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
