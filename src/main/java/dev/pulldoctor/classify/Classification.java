package dev.pulldoctor.classify;

import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.PullAttempt;
import java.util.List;

/**
 * What a pull-failure message says: its kind, whether it is one of the cause-less follow-on events,
 * and which rule decided.
 *
 * @param kind what the message says, from the node's own answer when it reports several
 * @param followOn a cause-less follow-on event: it only counts on the pod's incident
 * @param rule the rule of the table that decided, {@code follow-on} or {@code none}
 * @param backOff kubelet's back-off event; with a cause (kubernetes/kubernetes#127918) unless
 *     {@code followOn}
 * @param secretAttempts the answers to the pod's {@code imagePullSecrets} that came before the
 *     node's answer in a {@code [err1, err2, …]} message, each classified on its own
 */
public record Classification(
    FailureKind kind,
    boolean followOn,
    String rule,
    boolean backOff,
    List<PullAttempt> secretAttempts) {

  public Classification {
    secretAttempts = secretAttempts == null ? List.of() : List.copyOf(secretAttempts);
  }

  /** A message with one answer that is not a back-off. */
  public Classification(FailureKind kind, boolean followOn, String rule) {
    this(kind, followOn, rule, false, List.of());
  }

  /** A back-off event that names its cause: an incident opens from it when the pod has none. */
  public boolean backOffWithCause() {
    return backOff && !followOn;
  }
}
