package dev.pulldoctor.domain;

import java.util.List;

/**
 * The advice of a finding as stored and shown: what is wrong, the fix, the exact commands, the
 * Terraform snippet and the command that makes the pod pull again.
 *
 * @param automatic true when remediation may apply the fix (a repository grant)
 */
public record FindingAdvice(
    String summary,
    String fix,
    List<String> commands,
    String terraform,
    String retry,
    boolean automatic) {
  public FindingAdvice {
    commands = commands == null ? List.of() : List.copyOf(commands);
  }
}
