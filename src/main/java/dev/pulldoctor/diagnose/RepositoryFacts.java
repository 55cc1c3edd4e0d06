package dev.pulldoctor.diagnose;

import dev.pulldoctor.diagnose.ModePorts.DownloadRule;
import dev.pulldoctor.diagnose.ModePorts.KeyState;
import dev.pulldoctor.diagnose.ModePorts.SecretState;
import dev.pulldoctor.diagnose.RepositoryInfo.Upstream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the repository's mode, key, policies and rules add to the evidence (DESIGN.md §3 "Repository
 * modes"). Each part is null when it was not looked at: a standard repository without a key has
 * only {@link #info}, {@link #poolVersion} and {@link #message}.
 *
 * @param info the repository as GetRepository described it; null when it was not read
 * @param serviceAgent the Artifact Registry service agent of the repository's project, when known
 * @param poolVersion the node pool's GKE version, e.g. {@code 1.33.5-gke.1080000}
 * @param message the runtime's message, whose upstream answer a remote repository's failure names
 * @param rules the repository's rules; null when not read
 * @param mediaType the manifest media type of the image version; null when not read
 */
public record RepositoryFacts(
    RepositoryInfo info,
    String serviceAgent,
    String poolVersion,
    String message,
    KeyCheck key,
    SecretCheck secret,
    String vpcscPolicy,
    List<UpstreamCheck> upstreams,
    List<DownloadRule> rules,
    String mediaType) {

  public RepositoryFacts {
    upstreams = upstreams == null ? List.of() : List.copyOf(upstreams);
    rules = rules == null ? null : List.copyOf(rules);
  }

  /** No facts: nothing about the repository's mode was read. */
  public static final RepositoryFacts NONE =
      new RepositoryFacts(null, null, null, null, null, null, null, List.of(), null, null);

  /** The service agent as an IAM member. */
  public String agentMember() {
    return serviceAgent == null ? null : "serviceAccount:" + serviceAgent;
  }

  /** The repository's CMEK key: its primary version's state and the policies on it. */
  public record KeyCheck(
      String name,
      KeyState state,
      String primaryVersion,
      List<Binding> keyBindings,
      List<Binding> projectBindings) {
    public KeyCheck {
      keyBindings = keyBindings == null ? null : List.copyOf(keyBindings);
      projectBindings = projectBindings == null ? null : List.copyOf(projectBindings);
    }
  }

  /** A remote repository's credential: the version's state and the policies on its secret. */
  public record SecretCheck(
      String version,
      SecretState state,
      List<Binding> secretBindings,
      List<Binding> projectBindings) {
    public SecretCheck {
      secretBindings = secretBindings == null ? null : List.copyOf(secretBindings);
      projectBindings = projectBindings == null ? null : List.copyOf(projectBindings);
    }
  }

  /**
   * One upstream of a virtual repository, searched in priority order: the policies on it and its
   * project, and whether the version exists there (null when not asked).
   */
  public record UpstreamCheck(
      Upstream upstream,
      List<Binding> repositoryBindings,
      List<Binding> projectBindings,
      Boolean versionExists) {
    public UpstreamCheck {
      repositoryBindings = repositoryBindings == null ? null : List.copyOf(repositoryBindings);
      projectBindings = projectBindings == null ? null : List.copyOf(projectBindings);
    }
  }

  /** Filled in by the investigation as look-ups come back; safe to call from many threads. */
  public static final class Builder {
    private RepositoryInfo info;
    private String serviceAgent;
    private String poolVersion;
    private String message;
    private KeyCheck key;
    private SecretCheck secret;
    private String vpcscPolicy;
    private final List<UpstreamCheck> upstreams = new ArrayList<>();
    private List<DownloadRule> rules;
    private String mediaType;

    public synchronized Builder info(RepositoryInfo v) {
      info = v;
      return this;
    }

    public synchronized Builder serviceAgent(String v) {
      serviceAgent = v;
      return this;
    }

    public synchronized Builder poolVersion(String v) {
      poolVersion = v;
      return this;
    }

    public synchronized Builder message(String v) {
      message = v;
      return this;
    }

    public synchronized Builder key(KeyCheck v) {
      key = v;
      return this;
    }

    public synchronized Builder secret(SecretCheck v) {
      secret = v;
      return this;
    }

    public synchronized Builder vpcscPolicy(String v) {
      vpcscPolicy = v;
      return this;
    }

    public synchronized Builder upstreams(List<UpstreamCheck> v) {
      upstreams.clear();
      upstreams.addAll(v);
      return this;
    }

    public synchronized Builder rules(List<DownloadRule> v) {
      rules = v;
      return this;
    }

    public synchronized Builder mediaType(String v) {
      mediaType = v;
      return this;
    }

    public synchronized RepositoryFacts build() {
      return new RepositoryFacts(
          info,
          serviceAgent,
          poolVersion,
          message,
          key,
          secret,
          vpcscPolicy,
          upstreams,
          rules,
          mediaType);
    }
  }
}
