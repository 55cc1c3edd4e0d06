package dev.pulldoctor.remediate;

/** Whether a missing grant is only planned or also applied (DESIGN.md §5). */
public enum RemediationMode {
  /** No plan at all. */
  OFF,
  /** The plan is written into the finding; nothing changes. */
  DRY_RUN,
  /** The plan is applied where allowed, then verified. */
  APPLY
}
