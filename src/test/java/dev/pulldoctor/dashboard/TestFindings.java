package dev.pulldoctor.dashboard;

import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingAdvice;
import dev.pulldoctor.domain.FindingEvidence;
import dev.pulldoctor.domain.FindingRemediation;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.JsonForm;
import dev.pulldoctor.domain.RootCause;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made findings for the dashboard's fast tests: only the fields a test cares about vary. */
final class TestFindings {
  private TestFindings() {}

  /**
   * A finding of {@code cluster} ({@code PROJECT/LOCATION/NAME}), last seen at {@code lastSeen}.
   */
  static Finding finding(
      String fingerprint,
      FindingStatus status,
      RootCause cause,
      String cluster,
      Instant lastSeen,
      long occurrences) {
    String[] c = cluster.split("/");
    Map<String, Object> advice = new LinkedHashMap<>();
    advice.put("summary", "summary of " + fingerprint);
    advice.put("fix", "grant the reader role");
    advice.put(
        "commands",
        List.of(
            "gcloud artifacts repositories add-iam-policy-binding services --project=acme-prod-417"
                + " --location=us-central1 --member=serviceAccount:"
                + fingerprint
                + "@acme-prod-417.iam.gserviceaccount.com --role=roles/artifactregistry.reader"));
    advice.put("terraform", "resource \"google_artifact_registry_repository_iam_member\" \"x\" {}");
    advice.put("retry", "kubectl -n prod delete pod checkout-1");
    advice.put("automatic", true);
    return new Finding(
        fingerprint,
        status,
        FailureKind.PERMISSION_DENIED,
        cause,
        "summary of " + fingerprint,
        cluster,
        c[0],
        c[1],
        c[2],
        "default-pool",
        fingerprint + "@acme-prod-417.iam.gserviceaccount.com",
        "acme-prod-417/us-central1/services",
        "acme-prod-417",
        "us-central1",
        "services",
        "us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2",
        occurrences,
        lastSeen.minusSeconds(3600),
        lastSeen,
        lastSeen,
        List.of("prod/checkout-1"),
        List.of("prod"),
        JsonForm.read(FindingEvidence.class, Map.of("nodePool", "default-pool")),
        JsonForm.read(FindingAdvice.class, advice),
        JsonForm.read(FindingRemediation.class, Map.of("mode", "dry-run", "applied", false)),
        null);
  }
}
