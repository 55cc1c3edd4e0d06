package dev.pulldoctor.diagnose;

import java.util.List;

/**
 * Node access scopes that let kubelet's credential provider fetch a token good for Artifact
 * Registry: {@code cloud-platform}, or any {@code devstorage.*} scope
 * (https://cloud.google.com/artifact-registry/docs/access-control#compute).
 */
final class Scopes {
  private static final String PREFIX = "https://www.googleapis.com/auth/";

  private Scopes() {}

  static boolean allowPull(List<String> scopes) {
    for (String scope : scopes) {
      String s = scope.startsWith(PREFIX) ? scope.substring(PREFIX.length()) : scope;
      if (s.equals("cloud-platform") || s.startsWith("devstorage.")) {
        return true;
      }
    }
    return false;
  }
}
