package dev.pulldoctor.domain;

/** What a kubelet / containerd pull-failure message alone says about the failure. */
public enum FailureKind {
  /** The registry answered 403, or its body says {@code denied: Permission …}. */
  PERMISSION_DENIED,
  /** The registry answered 401: no credentials, or credentials it did not accept. */
  UNAUTHORIZED,
  /** The repository, image, tag or digest does not exist (404, {@code manifest unknown}). */
  NOT_FOUND,
  /** A VPC Service Controls perimeter refused the request. */
  VPC_SERVICE_CONTROLS,
  /** The Artifact Registry API is disabled in the repository's project. */
  API_DISABLED,
  /** The registry throttled the pull (429, {@code toomanyrequests}, quota). */
  RATE_LIMITED,
  /** The node could not reach the registry: timeout, DNS, connection refused. */
  NETWORK,
  /** The TLS handshake with the registry failed (x509). */
  TLS,
  /** The image exists but has no manifest for the node's platform. */
  PLATFORM_MISMATCH,
  /** A gcr.io host answered 412: Container Registry is shut down for a project never migrated. */
  CONTAINER_REGISTRY_SHUTDOWN,
  /** The runtime refused the manifest: Docker schema 1 (containerd 2.0+) or an unknown type. */
  UNSUPPORTED_MANIFEST,
  /** A remote repository's upstream failed ({@code … from external repository}). */
  UPSTREAM_FAILED,
  /** The registry answered 5xx. */
  SERVER_ERROR,
  /** None of the rules matched; the raw message is kept. */
  UNKNOWN
}
