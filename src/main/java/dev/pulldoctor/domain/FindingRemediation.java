package dev.pulldoctor.domain;

import java.util.List;
import java.util.Map;

/**
 * What remediation planned and did for a finding, as stored and shown.
 *
 * @param mode {@code dry-run} or {@code apply}
 * @param plan the grant in words; null when the plan was refused
 * @param refusedBecause why nothing was (or will be) applied; null when it was
 * @param before the members of the role on the repository before the grant, when applied
 * @param verifiedAccess the permission check's answer after the grant, when applied
 * @param other fields of a newer writer that this version does not type, kept as they are
 */
public record FindingRemediation(
    String mode,
    String plan,
    String role,
    String member,
    String repository,
    boolean applied,
    boolean verified,
    String refusedBecause,
    Integer attempts,
    List<String> before,
    List<String> after,
    String verifiedAccess,
    String verification,
    Map<String, Object> other) {
  public FindingRemediation {
    other = JsonForm.copy(other);
  }

  /** The view of remediation's own result, read field by field from its JSON form. */
  public static FindingRemediation of(Map<String, ?> result) {
    return result == null ? null : JsonForm.read(FindingRemediation.class, result);
  }
}
