package dev.pulldoctor.diagnose;

import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RootCause;

/** The investigation's answer: the root cause it proves, the evidence, and the advice. */
public record Diagnosis(
    PullFailure failure, RootCause rootCause, Evidence evidence, Advice advice) {

  public String summary() {
    return advice.summary();
  }
}
