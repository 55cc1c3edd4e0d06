package dev.pulldoctor.audit;

import dev.pulldoctor.diagnose.Evidence;
import dev.pulldoctor.diagnose.InspectionFailure;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A look-up's outcome, kept so that every pair needing it shares it: the value, or the failure. A
 * failure becomes evidence in each pair, as the investigation records it.
 */
record Lookup<T>(T value, InspectionFailure failure) {

  static <T> Lookup<T> of(Supplier<T> lookup) {
    try {
      return new Lookup<>(lookup.get(), null);
    } catch (InspectionFailure f) {
      return new Lookup<>(null, f);
    }
  }

  /** The value, or empty when the look-up failed. */
  Optional<T> answer() {
    return Optional.ofNullable(value);
  }

  boolean failedWith(InspectionFailure.Kind kind) {
    return failure != null && failure.kind() == kind;
  }

  /** The value; a failure is recorded in {@code e} as a problem. */
  Optional<T> into(Evidence.Builder e) {
    if (failure != null) {
      e.problem(problem(failure));
    }
    return answer();
  }

  static Evidence.Problem problem(InspectionFailure f) {
    return new Evidence.Problem(f.what(), f.kind(), f.permission(), f.role(), f.detail());
  }
}
