package dev.pulldoctor.audit;

import dev.pulldoctor.diagnose.Evidence;
import dev.pulldoctor.diagnose.Evidence.AccessCheck;
import dev.pulldoctor.diagnose.Ports.Access;
import java.util.List;

/**
 * The answer to "may this account pull from this repository?", asked once per (account, repository)
 * and shared by every pool that runs as the account: the check, and what asking learnt on the way
 * (deny rules the troubleshooter named, look-ups it could not make).
 */
record AccessOutcome(
    AccessCheck check, List<String> denyingRules, List<Evidence.Problem> problems) {

  static final String IMPERSONATE = "impersonate";

  AccessOutcome {
    denyingRules = List.copyOf(denyingRules);
    problems = List.copyOf(problems);
  }

  /**
   * True when a token was minted for the account: IAM Credentials mints none for a disabled or
   * deleted account (https://cloud.google.com/iam/docs/service-accounts-disable-enable), so the
   * account's state needs no look-up of its own.
   */
  boolean accountProvenUsable() {
    return IMPERSONATE.equals(check.method()) && check.answer() != Access.UNKNOWN;
  }
}
