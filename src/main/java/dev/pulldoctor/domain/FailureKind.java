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
  /** None of the rules matched; the raw message is kept. */
  UNKNOWN
}
