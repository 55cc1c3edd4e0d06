package dev.pulldoctor.domain;

/**
 * What one diagnosis concluded about an incident, ready to be recorded on it ({@link
 * Incident#record}). Its status follows from the rest ({@link #of}).
 */
public record Verdict(
    FindingStatus status,
    RootCause rootCause,
    FailureKind failureKind,
    String summary,
    String nodeServiceAccount,
    String image,
    FindingEvidence evidence,
    FindingAdvice advice,
    FindingRemediation remediation) {

  public Verdict {
    if (status == null || rootCause == null || failureKind == null) {
      throw new IllegalArgumentException("a verdict names its status, root cause and failure kind");
    }
  }

  /**
   * The verdict of a diagnosis: RESOLVED when the account can pull now, REMEDIATED when the grant
   * was applied and verified, OPEN otherwise.
   */
  public static Verdict of(
      RootCause rootCause,
      FailureKind failureKind,
      String summary,
      String nodeServiceAccount,
      String image,
      FindingEvidence evidence,
      FindingAdvice advice,
      FindingRemediation remediation) {
    FindingStatus status =
        rootCause == RootCause.ACCESS_NOW_GRANTED
            ? FindingStatus.RESOLVED
            : remediation != null && remediation.verified()
                ? FindingStatus.REMEDIATED
                : FindingStatus.OPEN;
    return new Verdict(
        status,
        rootCause,
        failureKind,
        summary,
        nodeServiceAccount,
        image,
        evidence,
        advice,
        remediation);
  }
}
