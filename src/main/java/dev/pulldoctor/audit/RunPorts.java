package dev.pulldoctor.audit;

import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.ClusterInfo;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.ModePorts;
import dev.pulldoctor.diagnose.Ports.AccountState;
import dev.pulldoctor.diagnose.Ports.ClusterDirectory;
import dev.pulldoctor.diagnose.Ports.DenyPolicy;
import dev.pulldoctor.diagnose.Ports.HierarchyDirectory;
import dev.pulldoctor.diagnose.Ports.Impersonation;
import dev.pulldoctor.diagnose.Ports.ProjectDirectory;
import dev.pulldoctor.diagnose.Ports.RegistryDirectory;
import dev.pulldoctor.diagnose.Ports.ServiceAccountDirectory;
import dev.pulldoctor.diagnose.Ports.Troubleshooter;
import dev.pulldoctor.diagnose.Ports.Troubleshooting;
import dev.pulldoctor.diagnose.Ports.Version;
import dev.pulldoctor.diagnose.RepositoryInfo;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The investigation's ports for one audit run, as decorators that make each look-up at most once
 * (the cluster, a project's number and policy, a repository and its policy, an account's state,
 * each access answer, each version, the hierarchy's ancestry, allow and deny policies) and at most
 * {@code parallelism} of them at a time. Every pair of the run investigates through them, so a
 * thousand pairs sharing ten repositories read ten repository policies.
 *
 * <p>{@link #forPair} gives one pair's view, which does not look up what only explains a refusal
 * when the pair's account is already known to be able to pull: the audit of a healthy fleet costs a
 * token per account and an access check per (account, repository), nothing more.
 */
final class RunPorts {
  private final Investigator.Directories ports;
  private final Semaphore inFlight;
  private final Map<List<Object>, Memo<?>> memos = new ConcurrentHashMap<>();
  // Accounts IAM Credentials minted a token for: it mints none for a disabled or deleted account
  // (https://cloud.google.com/iam/docs/service-accounts-disable-enable), so they are enabled.
  private final Set<String> minted = ConcurrentHashMap.newKeySet();

  RunPorts(Investigator.Directories ports, int parallelism) {
    this.ports = ports;
    this.inFlight = new Semaphore(parallelism);
  }

  /**
   * A repository the audit already listed, as ListRepositories describes it: the investigation need
   * not get it again, and knows its mode and key.
   */
  void known(RepositoryInfo repository) {
    memo("repository", repository.ref()).offer(Optional.of(repository));
  }

  /** A cluster the audit already listed: the investigation need not get it again. */
  void known(ClusterInfo cluster) {
    memo("cluster", cluster.ref()).offer(cluster);
  }

  /** The memoised ports, every look-up made when first asked. */
  Investigator.Directories shared() {
    return view(false);
  }

  /**
   * One pair's view: when {@code canPull} (its account's access was answered GRANTED in this run),
   * the look-ups that only explain a refusal — policies, the project's number — answer null (not
   * read) unless the run has read them already, and the repository is known to exist: every access
   * method asks about the repository itself, and a missing one answers no permission at all. A pair
   * of a remote, virtual or CMEK {@code repository} gets the full view: its repository's own set-up
   * is what can still refuse the pull.
   */
  Investigator.Directories forPair(boolean canPull, RepositoryRef repository) {
    return view(canPull && !needsModeLookups(repository));
  }

  /**
   * Whether the audit listed {@code repository} as remote, virtual or CMEK-encrypted (DESIGN.md §3
   * "Repository modes"): then a pair that can pull as far as IAM goes is investigated in full, its
   * mode look-ups (upstreams, credential, VPC-SC config, key) made once per repository through the
   * memos. A standard repository, or one the audit knows nothing of, costs no extra call.
   */
  private boolean needsModeLookups(RepositoryRef repository) {
    if (repository == null) {
      return false;
    }
    Optional<RepositoryInfo> info =
        this.<Optional<RepositoryInfo>>memo("repository", repository).peek();
    return info != null
        && info.isPresent()
        && (info.get().mode() != RepositoryInfo.Mode.STANDARD || info.get().kmsKeyName() != null);
  }

  private Investigator.Directories view(boolean canPull) {
    return new Investigator.Directories(
        clusters(),
        projects(canPull),
        registry(canPull),
        accounts(),
        impersonation(),
        troubleshooter(),
        ports.hierarchy() == null ? null : hierarchy(canPull),
        modes());
  }

  /** The mode look-ups, each made once per run: per repository, secret, key or location. */
  private ModePorts.Directories modes() {
    ModePorts.Directories m = ports.modes();
    return new ModePorts.Directories(
        new ModePorts.RegistryExtras() {
          @Override
          public List<ModePorts.DownloadRule> rules(RepositoryRef repository) {
            return RunPorts.this
                .<List<ModePorts.DownloadRule>>memo("rules", repository)
                .get(() -> call(() -> m.registry().rules(repository)));
          }

          @Override
          public String vpcscPolicy(String project, String location) {
            return RunPorts.this
                .<String>memo("vpcsc", project, location)
                .get(() -> call(() -> m.registry().vpcscPolicy(project, location)));
          }

          @Override
          public Optional<String> mediaType(RepositoryRef repository, String image, String digest) {
            return RunPorts.this
                .<Optional<String>>memo("mediaType", repository, image, digest)
                .get(() -> call(() -> m.registry().mediaType(repository, image, digest)));
          }
        },
        new ModePorts.SecretDirectory() {
          @Override
          public ModePorts.SecretState versionState(String secretVersion) {
            return RunPorts.this
                .<ModePorts.SecretState>memo("secretVersion", secretVersion)
                .get(() -> call(() -> m.secrets().versionState(secretVersion)));
          }

          @Override
          public List<Binding> iamPolicy(String secret) {
            return RunPorts.this
                .<List<Binding>>memo("secretPolicy", secret)
                .get(() -> call(() -> m.secrets().iamPolicy(secret)));
          }
        },
        new ModePorts.KeyDirectory() {
          @Override
          public ModePorts.PrimaryVersion primary(String cryptoKey) {
            return RunPorts.this
                .<ModePorts.PrimaryVersion>memo("keyPrimary", cryptoKey)
                .get(() -> call(() -> m.keys().primary(cryptoKey)));
          }

          @Override
          public List<Binding> iamPolicy(String cryptoKey) {
            return RunPorts.this
                .<List<Binding>>memo("keyPolicy", cryptoKey)
                .get(() -> call(() -> m.keys().iamPolicy(cryptoKey)));
          }
        });
  }

  /**
   * The hierarchy above a repository's project: its ancestry and the folders' and organization's
   * allow policies explain a refusal (skipped for a pair that can pull, unless read); deny policies
   * are read only when a policy reading needs them, so they are memoised as they are.
   */
  private HierarchyDirectory hierarchy(boolean canPull) {
    return new HierarchyDirectory() {
      @Override
      public List<String> ancestry(String projectId) {
        return explaining(
            canPull,
            memo("ancestry", projectId),
            () -> call(() -> ports.hierarchy().ancestry(projectId)));
      }

      @Override
      public List<Binding> iamPolicy(String resource) {
        return explaining(
            canPull,
            memo("levelPolicy", resource),
            () -> call(() -> ports.hierarchy().iamPolicy(resource)));
      }

      @Override
      public List<DenyPolicy> denyPolicies(String resource) {
        return RunPorts.this
            .<List<DenyPolicy>>memo("denyPolicies", resource)
            .get(() -> call(() -> ports.hierarchy().denyPolicies(resource)));
      }
    };
  }

  private ClusterDirectory clusters() {
    return cluster -> this.<ClusterInfo>memo("cluster", cluster).get(() -> cluster(cluster));
  }

  private ClusterInfo cluster(ClusterRef cluster) {
    return call(() -> ports.clusters().cluster(cluster));
  }

  private ProjectDirectory projects(boolean canPull) {
    return new ProjectDirectory() {
      @Override
      public String projectNumber(String projectId) {
        return explaining(
            canPull,
            memo("projectNumber", projectId),
            () -> call(() -> ports.projects().projectNumber(projectId)));
      }

      @Override
      public List<Binding> iamPolicy(String projectId) {
        return explaining(
            canPull,
            memo("projectPolicy", projectId),
            () -> call(() -> ports.projects().iamPolicy(projectId)));
      }
    };
  }

  private RegistryDirectory registry(boolean canPull) {
    return new RegistryDirectory() {
      @Override
      public Optional<RepositoryInfo> repository(RepositoryRef repository) {
        Memo<Optional<RepositoryInfo>> found = memo("repository", repository);
        if (found.done() || !canPull) {
          return found.get(() -> repositoryOf(repository));
        }
        // The audit reads no repository it need not: a pair that can pull sees it as a standard
        // one, so the mode look-ups (keys, credentials, upstreams) are the diagnosis's, not the
        // audit's.
        return Optional.of(RepositoryInfo.standard(repository));
      }

      @Override
      public List<RepositoryRef> sameNameElsewhere(RepositoryRef repository) {
        return RunPorts.this
            .<List<RepositoryRef>>memo("sameNameElsewhere", repository)
            .get(() -> call(() -> ports.registry().sameNameElsewhere(repository)));
      }

      @Override
      public Version version(RepositoryRef repository, String image, String version) {
        if (RepositoryImage.ANY.equals(image)) {
          return null; // a pair of pool and repository names no image
        }
        return RunPorts.this
            .<Version>memo("version", repository, image, version)
            .get(() -> call(() -> ports.registry().version(repository, image, version)));
      }

      @Override
      public List<Binding> iamPolicy(RepositoryRef repository) {
        return explaining(canPull, repositoryPolicy(repository), () -> readPolicy(repository));
      }
    };
  }

  private Memo<List<Binding>> repositoryPolicy(RepositoryRef repository) {
    return memo("repositoryPolicy", repository);
  }

  private List<Binding> readPolicy(RepositoryRef repository) {
    return call(() -> ports.registry().iamPolicy(repository));
  }

  /**
   * Whether the repository exists, from its policy when that can be read: a pair that cannot pull
   * reads it anyway, and GetIamPolicy answers NOT_FOUND for a missing repository, so one call
   * answers both. Only when the policy may not be read is the repository got.
   */
  private Optional<RepositoryInfo> repositoryOf(RepositoryRef repository) {
    try {
      repositoryPolicy(repository).get(() -> readPolicy(repository));
      return Optional.of(RepositoryInfo.standard(repository));
    } catch (InspectionFailure f) {
      switch (f.kind()) {
        case NOT_FOUND:
          return Optional.empty();
        case API_DISABLED:
        case TRANSIENT:
          throw f;
        default:
          return call(() -> ports.registry().repository(repository));
      }
    }
  }

  private ServiceAccountDirectory accounts() {
    return account ->
        minted.contains(account)
            ? AccountState.ENABLED
            : this.<AccountState>memo("accountState", account)
                .get(() -> call(() -> ports.accounts().state(account)));
  }

  private Impersonation impersonation() {
    return (account, repository) -> {
      boolean may =
          this.<Boolean>memo("mayPull", account, repository)
              .get(() -> call(() -> ports.impersonation().mayPull(account, repository)));
      minted.add(account);
      return may;
    };
  }

  private Troubleshooter troubleshooter() {
    return (account, repository) ->
        this.<Troubleshooting>memo("troubleshoot", account, repository)
            .get(() -> call(() -> ports.troubleshooter().explain(account, repository)));
  }

  /** A look-up that only explains a refusal: skipped for a pair that can pull, unless made. */
  private static <T> T explaining(boolean canPull, Memo<T> memo, Supplier<T> lookup) {
    if (canPull && !memo.done()) {
      return null;
    }
    return memo.get(lookup);
  }

  /** One API call, holding one of the run's permits while it is in flight. */
  private <T> T call(Supplier<T> lookup) {
    inFlight.acquireUninterruptibly();
    try {
      return lookup.get();
    } finally {
      inFlight.release();
    }
  }

  @SuppressWarnings("unchecked")
  private <T> Memo<T> memo(Object... key) {
    return (Memo<T>) memos.computeIfAbsent(Arrays.asList(key), k -> new Memo<>());
  }

  /** One look-up's outcome, made by the first caller; the others wait for it and share it. */
  private static final class Memo<T> {
    private boolean done;
    private T value;
    private RuntimeException failure;

    synchronized T get(Supplier<T> lookup) {
      if (!done) {
        try {
          value = lookup.get();
        } catch (RuntimeException e) {
          failure = e;
        }
        done = true;
      }
      if (failure != null) {
        throw failure;
      }
      return value;
    }

    synchronized boolean done() {
      return done;
    }

    /** The value when it was made without failing; null otherwise. */
    synchronized T peek() {
      return done && failure == null ? value : null;
    }

    synchronized void offer(T known) {
      if (!done) {
        value = known;
        done = true;
      }
    }
  }
}
