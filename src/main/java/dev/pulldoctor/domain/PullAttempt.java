package dev.pulldoctor.domain;

/**
 * One credential's answer in a message that reports several ({@code [err1, err2, …]}): kubelet
 * tries each of the pod's {@code imagePullSecrets} before the node's own credentials and, when all
 * fail, reports every error. The node's answer decides the {@link FailureKind}; the others are kept
 * as these, for the evidence.
 *
 * @param kind what this answer alone says
 * @param rule the classifier's rule that matched it ({@code none} when none did)
 * @param message the answer's text, cut to {@link #MAX_MESSAGE_LENGTH}
 */
public record PullAttempt(FailureKind kind, String rule, String message) {

  /** An answer is shown in the evidence; past this it is cut. */
  public static final int MAX_MESSAGE_LENGTH = 1024;

  public PullAttempt {
    if (kind == null) {
      throw new IllegalArgumentException("failure kind is required");
    }
    if (rule == null || rule.isBlank()) {
      throw new IllegalArgumentException("rule is required");
    }
    message = message == null ? "" : message.strip();
    if (message.length() > MAX_MESSAGE_LENGTH) {
      message = message.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }
  }
}
