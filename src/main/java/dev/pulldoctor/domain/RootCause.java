package dev.pulldoctor.domain;

/** What the investigation proves about why a pull is refused (DESIGN.md §3). */
public enum RootCause {
  /** The pool's account has no role with downloadArtifacts on the repository or its project. */
  NODE_SA_MISSING_READER(true),
  /** As above, and the repository lives in another project than the cluster. */
  CROSS_PROJECT_GRANT_MISSING(true),
  /** A reading role is bound to another node account of the cluster, not to this pool's. */
  GRANT_ON_OTHER_ACCOUNT(true),
  /** Only gcr.io-era storage roles are bound; Artifact Registry roles are not. */
  LEGACY_GCR_PERMISSIONS(true),
  /** An allow binding exists but a deny policy blocks downloadArtifacts. */
  DENY_POLICY(false),
  /** IAM allows the pull, but the pool's OAuth scopes do not. */
  MISSING_OAUTH_SCOPES(false),
  /** The pool's service account is disabled. */
  NODE_SA_DISABLED(false),
  /** The pool's service account does not exist (deleted). */
  NODE_SA_NOT_FOUND(false),
  /** No repository of that name exists in that project and location. */
  REPOSITORY_NOT_FOUND(false),
  /** The repository exists, in another location than the image host names. */
  REPOSITORY_IN_OTHER_LOCATION(false),
  /** The repository exists and is readable; the tag or digest does not exist. */
  IMAGE_NOT_FOUND(false),
  /** The Artifact Registry API is disabled in the repository's project. */
  API_DISABLED(false),
  /** A VPC Service Controls perimeter blocks the request. */
  VPC_SERVICE_CONTROLS(false),
  /** The account can pull now: IAM propagation, or fixed meanwhile. */
  ACCESS_NOW_GRANTED(false),
  /** Pull Doctor's own account may not inspect something it needs. */
  INSPECTION_DENIED(false),
  /**
   * The account holds a pulling role only through conditional bindings (IAM Conditions) whose
   * condition does not hold now: an expired time-bound grant, a name that is another repository's.
   */
  CONDITION_NOT_MET(false),
  /**
   * The pods may be scheduled on no node pool of the cluster: their {@code nodeSelector} or
   * required node affinity names a pool the cluster does not have (found before applying, by the
   * pre-flight).
   */
  NODE_POOL_NOT_FOUND(false),
  /** None of the above could be proven. */
  UNDETERMINED(false);

  private final boolean fixedByGrant;

  RootCause(boolean fixedByGrant) {
    this.fixedByGrant = fixedByGrant;
  }

  /** True when the fix is granting roles/artifactregistry.reader on the repository. */
  public boolean fixedByGrant() {
    return fixedByGrant;
  }
}
