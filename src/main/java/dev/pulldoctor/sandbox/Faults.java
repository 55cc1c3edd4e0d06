package dev.pulldoctor.sandbox;

import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures and delays to inject into calls, for tests. Methods are keyed like {@link Calls}; a rule
 * applies to the next {@code times} calls of its method ({@code times < 0}: every call).
 */
public final class Faults {

  private record Rule<T>(T what, AtomicInteger remaining) {
    /** Whether this call is hit, counting it down. */
    boolean fire() {
      while (true) {
        int left = remaining.get();
        if (left == 0) {
          return false;
        }
        if (left < 0 || remaining.compareAndSet(left, left - 1)) {
          return true;
        }
      }
    }
  }

  private final Set<String> methods;
  private final Map<String, Rule<Status.Code>> failures = new ConcurrentHashMap<>();
  private final Map<String, Rule<Duration>> delays = new ConcurrentHashMap<>();

  Faults(Set<String> methods) {
    this.methods = Set.copyOf(methods);
  }

  /** The next {@code times} calls of {@code method} fail with {@code code}. */
  public Faults fail(String method, Status.Code code, int times) {
    if (code == Status.Code.OK) {
      throw new IllegalArgumentException("a fault needs an error code, not OK");
    }
    failures.put(known(method), new Rule<>(code, new AtomicInteger(times)));
    return this;
  }

  /** The next {@code times} calls of {@code method} are answered {@code delay} late. */
  public Faults delay(String method, Duration delay, int times) {
    delays.put(known(method), new Rule<>(delay, new AtomicInteger(times)));
    return this;
  }

  /** Removes every rule. */
  public void clear() {
    failures.clear();
    delays.clear();
  }

  Optional<Duration> delayFor(String method) {
    Rule<Duration> r = delays.get(method);
    return r != null && r.fire() ? Optional.of(r.what()) : Optional.empty();
  }

  Optional<Status.Code> failureFor(String method) {
    Rule<Status.Code> r = failures.get(method);
    return r != null && r.fire() ? Optional.of(r.what()) : Optional.empty();
  }

  private String known(String method) {
    if (!methods.contains(method)) {
      throw new IllegalArgumentException(
          "the sandbox serves no method "
              + method
              + "; methods are keyed like ArtifactRegistry/GetRepository");
    }
    return method;
  }
}
