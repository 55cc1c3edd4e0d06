package dev.pulldoctor.audit;

import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.Investigator;
import dev.pulldoctor.diagnose.Ports.AccountState;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The look-ups that many pairs of an audit share, each made at most once: a repository's and a
 * project's allow policies, an account's state, a project's number, a missing repository's
 * namesakes in other locations. Nothing is asked until a pair needs it, so an audit where every
 * pair can pull reads no policy at all.
 */
final class SharedLookups {
  private final Investigator.Directories ports;
  private final Map<List<Object>, Memo<?>> memos = new ConcurrentHashMap<>();

  SharedLookups(Investigator.Directories ports) {
    this.ports = ports;
  }

  Lookup<List<Binding>> repositoryPolicy(RepositoryRef repo) {
    return memo("repositoryPolicy", repo, () -> ports.registry().iamPolicy(repo));
  }

  Lookup<List<Binding>> projectPolicy(String project) {
    return memo("projectPolicy", project, () -> ports.projects().iamPolicy(project));
  }

  Lookup<AccountState> accountState(String account) {
    return memo("accountState", account, () -> ports.accounts().state(account));
  }

  Lookup<String> projectNumber(String project) {
    return memo("projectNumber", project, () -> ports.projects().projectNumber(project));
  }

  Lookup<List<RepositoryRef>> sameNameElsewhere(RepositoryRef repo) {
    return memo("sameNameElsewhere", repo, () -> ports.registry().sameNameElsewhere(repo));
  }

  @SuppressWarnings("unchecked")
  private <T> Lookup<T> memo(String what, Object key, Supplier<T> lookup) {
    return ((Memo<T>) memos.computeIfAbsent(List.of(what, key), k -> new Memo<>(lookup))).get();
  }

  /** One look-up, made by the first pair that asks; the others wait for its answer. */
  private static final class Memo<T> {
    private final Supplier<T> lookup;
    private Lookup<T> outcome;

    Memo(Supplier<T> lookup) {
      this.lookup = lookup;
    }

    synchronized Lookup<T> get() {
      if (outcome == null) {
        outcome = Lookup.of(lookup);
      }
      return outcome;
    }
  }
}
