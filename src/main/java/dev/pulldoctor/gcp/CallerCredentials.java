package dev.pulldoctor.gcp;

import com.google.auth.oauth2.GoogleCredentials;
import io.grpc.CallCredentials;
import io.grpc.CompositeCallCredentials;
import io.grpc.Metadata;
import io.grpc.auth.MoreCallCredentials;

/**
 * The call credentials of Pull Doctor's own identity, with what Google's gax clients send beside
 * the token: the credentials' quota project as {@code x-goog-user-project}. Application Default
 * Credentials carry one when {@code gcloud auth application-default login} wrote {@code
 * quota_project_id}, or when {@code GOOGLE_CLOUD_QUOTA_PROJECT} is set; with a user's credentials
 * several APIs (Resource Manager, IAM, Policy Troubleshooter) refuse a call that names no quota
 * project (https://cloud.google.com/docs/quotas/set-quota-project,
 * https://cloud.google.com/docs/quotas/quota-project). gax adds the header from the credentials'
 * {@code QuotaProjectIdProvider} in {@code ClientContext}; the token's own request metadata does
 * not hold it, so Pull Doctor's generated-stub calls add it here. A service account's credentials
 * (the function's) have none, and nothing is added.
 */
public final class CallerCredentials {
  /** The header gax's {@code ClientContext} sends the quota project in. */
  static final Metadata.Key<String> USER_PROJECT =
      Metadata.Key.of("x-goog-user-project", Metadata.ASCII_STRING_MARSHALLER);

  private CallerCredentials() {}

  /** {@code credentials} as call credentials, with their quota project when they have one. */
  public static CallCredentials of(GoogleCredentials credentials) {
    return withQuotaProject(MoreCallCredentials.from(credentials), credentials.getQuotaProjectId());
  }

  /** {@code token} and, unless {@code quotaProject} is null or blank, its header. */
  static CallCredentials withQuotaProject(CallCredentials token, String quotaProject) {
    if (quotaProject == null || quotaProject.isBlank()) {
      return token;
    }
    return new CompositeCallCredentials(token, new HeaderCredentials(USER_PROJECT, quotaProject));
  }
}
