package dev.pulldoctor.classify;

import dev.pulldoctor.domain.FailureKind;

/** Placeholder until the table of rules lands (issue 2). */
public final class MessageClassifier {
  private MessageClassifier() {}

  /** The image quoted in the message. */
  public static java.util.Optional<String> imageIn(String message) {
    var m = java.util.regex.Pattern.compile("(?:pull|pulling) image \"([^\"]{1,2048})\"").matcher(message);
    return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
  }

  /** Classifies a kubelet / containerd pull-failure message. */
  public static Classification classify(String message) {
    return new Classification(FailureKind.UNKNOWN, false, "none");
  }
}
