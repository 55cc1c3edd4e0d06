package dev.pulldoctor.diagnose;

import dev.pulldoctor.domain.RepositoryRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The look-ups that only some repositories need (DESIGN.md §3 "Repository modes"): a remote
 * repository's credential and VPC-SC config, a CMEK key, download rules, an image's manifest type.
 * The investigation asks them only when the repository says they apply. Each method throws {@link
 * InspectionFailure} when the look-up fails.
 */
public final class ModePorts {
  private ModePorts() {}

  /** The ports, together; {@link #NONE} where the caller wired none (fakes of the six others). */
  public record Directories(RegistryExtras registry, SecretDirectory secrets, KeyDirectory keys) {
    public Directories {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(secrets, "secrets");
      Objects.requireNonNull(keys, "keys");
    }

    /** Every look-up fails as not wired: for investigations of standard repositories only. */
    public static final Directories NONE =
        new Directories(
            new RegistryExtras() {
              @Override
              public List<DownloadRule> rules(RepositoryRef repository) {
                throw unwired("ListRules");
              }

              @Override
              public String vpcscPolicy(String project, String location) {
                throw unwired("GetVPCSCConfig");
              }

              @Override
              public Optional<String> mediaType(
                  RepositoryRef repository, String image, String digest) {
                throw unwired("GetDockerImage");
              }
            },
            new SecretDirectory() {
              @Override
              public SecretState versionState(String secretVersion) {
                throw unwired("GetSecretVersion");
              }

              @Override
              public List<Binding> iamPolicy(String secret) {
                throw unwired("Secret Manager GetIamPolicy");
              }
            },
            new KeyDirectory() {
              @Override
              public PrimaryVersion primary(String cryptoKey) {
                throw unwired("GetCryptoKey");
              }

              @Override
              public List<Binding> iamPolicy(String cryptoKey) {
                throw unwired("Cloud KMS GetIamPolicy");
              }
            });

    private static InspectionFailure unwired(String what) {
      return new InspectionFailure(
          InspectionFailure.Kind.FAILED, what, null, null, "no adapter wired for " + what);
    }
  }

  /** Artifact Registry beyond the repository itself. */
  public interface RegistryExtras {
    /** The repository's rules. */
    List<DownloadRule> rules(RepositoryRef repository);

    /**
     * The VPC-SC policy of the project's remote repositories in the location: {@code ALLOW}, {@code
     * DENY} or {@code VPCSC_POLICY_UNSPECIFIED} (VPCSCConfig.VPCSCPolicy).
     */
    String vpcscPolicy(String project, String location);

    /**
     * The manifest media type of the image at a digest ({@code sha256:…}), read by name; empty when
     * there is no such image.
     */
    Optional<String> mediaType(RepositoryRef repository, String image, String digest);
  }

  /** Secret Manager. */
  public interface SecretDirectory {
    /** The state of {@code projects/P/secrets/S/versions/V} ({@code latest} allowed). */
    SecretState versionState(String secretVersion);

    /** The allow policy of {@code projects/P/secrets/S}. */
    List<Binding> iamPolicy(String secret);
  }

  /** Cloud KMS. */
  public interface KeyDirectory {
    /** The key's primary version and its state. */
    PrimaryVersion primary(String cryptoKey);

    /** The allow policy of the key. */
    List<Binding> iamPolicy(String cryptoKey);
  }

  /**
   * A key's primary version: its name ({@code …/cryptoKeyVersions/N}; null when there is none or no
   * key) and state.
   */
  public record PrimaryVersion(String name, KeyState state) {
    public PrimaryVersion {
      Objects.requireNonNull(state, "state");
    }
  }

  /** A Secret Manager version's state (SecretVersion.State), or that it does not exist. */
  public enum SecretState {
    /** It can be accessed. */
    ENABLED,
    /** It cannot be accessed, and can be enabled again. */
    DISABLED,
    /** Its data is gone. */
    DESTROYED,
    /** No such version (or secret). */
    NOT_FOUND
  }

  /**
   * The state of a key's primary version (CryptoKeyVersion.CryptoKeyVersionState); {@code
   * NO_PRIMARY} when the key has none, {@code NOT_FOUND} when there is no such key.
   */
  public enum KeyState {
    /** Usable. */
    ENABLED,
    /** Not usable; can be enabled again. */
    DISABLED,
    /** Scheduled for destruction; can be restored until then. */
    DESTROY_SCHEDULED,
    /** Gone. */
    DESTROYED,
    /** Not usable for another reason (pending generation or import, failed import). */
    OTHER,
    /** The key has no primary version. */
    NO_PRIMARY,
    /** No such key. */
    NOT_FOUND
  }

  /**
   * An Artifact Registry rule (https://cloud.google.com/artifact-registry/docs/protect-artifacts):
   * its name, action ({@code ALLOW}/{@code DENY}), operation ({@code DOWNLOAD}), the package it is
   * limited to (null: the whole repository) and its CEL condition (null: none).
   */
  public record DownloadRule(
      String name, String action, String operation, String packageId, String condition) {
    public DownloadRule {
      Objects.requireNonNull(name, "name");
      packageId = packageId == null || packageId.isBlank() ? null : packageId;
      condition = condition == null || condition.isBlank() ? null : condition;
    }

    /** The rule's id, the last segment of its name. */
    public String id() {
      return name.substring(name.lastIndexOf('/') + 1);
    }
  }
}
