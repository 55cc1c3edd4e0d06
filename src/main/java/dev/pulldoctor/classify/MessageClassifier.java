package dev.pulldoctor.classify;

import dev.pulldoctor.domain.FailureKind;

/** Placeholder until the table of rules lands (issue 2). */
public final class MessageClassifier {
  private MessageClassifier() {}

  /** Classifies a kubelet / containerd pull-failure message. */
  public static Classification classify(String message) {
    return new Classification(FailureKind.UNKNOWN, false, "none");
  }
}
