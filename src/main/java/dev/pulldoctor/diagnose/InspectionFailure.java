package dev.pulldoctor.diagnose;

/**
 * A look-up that failed, translated by the adapter from the Google API's status into what the
 * investigation needs to know: may it retry, was Pull Doctor denied (and what role would help), or
 * is the API off.
 */
public final class InspectionFailure extends RuntimeException {

  /** How the look-up failed. */
  public enum Kind {
    /** UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL: retry the event. */
    TRANSIENT,
    /** Pull Doctor's own account may not look. */
    PERMISSION_DENIED,
    /** The API is disabled in the project (an ErrorInfo of reason SERVICE_DISABLED). */
    API_DISABLED,
    /** The thing looked up does not exist. */
    NOT_FOUND,
    /** Anything else: recorded, not retried. */
    FAILED
  }

  private final Kind kind;
  private final String what;
  private final String permission;
  private final String role;

  public InspectionFailure(Kind kind, String what, String permission, String role, String detail) {
    super(what + ": " + detail);
    this.kind = kind;
    this.what = what;
    this.permission = permission;
    this.role = role;
  }

  public Kind kind() {
    return kind;
  }

  /** What was being looked at, e.g. {@code GetRepository projects/p/locations/l/repositories/r}. */
  public String what() {
    return what;
  }

  /** The permission Pull Doctor needed; null when unknown. */
  public String permission() {
    return permission;
  }

  /** The role that would give Pull Doctor that permission; null when unknown. */
  public String role() {
    return role;
  }

  /** The API's own words. */
  public String detail() {
    String m = getMessage();
    return m.substring(Math.min(m.length(), what.length() + 2));
  }
}
