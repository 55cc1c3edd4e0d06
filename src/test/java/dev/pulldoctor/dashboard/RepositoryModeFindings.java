package dev.pulldoctor.dashboard;

import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.InvestigatorScenarioTest;
import dev.pulldoctor.diagnose.RepositoryModesScenarioTest;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RootCause;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finding per root cause of issue 15, each diagnosed for real from its world (the worlds of
 * RepositoryModesScenarioTest) and stored as the function stores it: what the dashboard and {@code
 * pull-doctor findings} must show.
 */
public final class RepositoryModeFindings {
  private RepositoryModeFindings() {}

  /** The world that proves each cause. */
  public static final Map<RootCause, String> WORLDS = worlds();

  private static Map<RootCause, String> worlds() {
    Map<RootCause, String> m = new LinkedHashMap<>();
    m.put(RootCause.CONTAINER_REGISTRY_NOT_MIGRATED, "gcr-not-migrated");
    m.put(RootCause.REMOTE_UPSTREAM_CREDENTIALS, "remote-credential-disabled");
    m.put(RootCause.REMOTE_UPSTREAM_BLOCKED, "remote-upstream-blocked");
    m.put(RootCause.REMOTE_UPSTREAM_FAILED, "remote-upstream-failed");
    m.put(RootCause.VIRTUAL_UPSTREAM_DENIED, "virtual-upstream-denied");
    m.put(RootCause.CMEK_KEY_UNUSABLE, "cmek-key-disabled");
    m.put(RootCause.IMAGE_DELETED_BY_CLEANUP, "cleanup-deleted");
    m.put(RootCause.DOWNLOAD_RULE_DENIED, "download-rule-denied");
    m.put(RootCause.IMAGE_FORMAT_UNSUPPORTED, "schema1-containerd2");
    return Map.copyOf(m);
  }

  /** The open finding of {@code cause}, last seen an hour before {@code now}. */
  public static Finding of(RootCause cause, Instant now) {
    InvestigatorScenarioTest.Scenario s = RepositoryModesScenarioTest.row(WORLDS.get(cause), cause);
    Diagnosis d = RepositoryModesScenarioTest.diagnose(s);
    if (d.rootCause() != cause) {
      throw new IllegalStateException(WORLDS.get(cause) + " diagnosed " + d.rootCause());
    }
    PullFailure failure = InvestigatorScenarioTest.failure(s);
    ScenarioFindings.Scenario shown =
        new ScenarioFindings.Scenario(
            s.world(),
            failure.image().raw(),
            ScenarioFindings.SEED_NODE,
            "prod",
            cause,
            FindingStatus.OPEN,
            3,
            Duration.ofHours(2),
            Duration.ofHours(1),
            List.of("prod/checkout-7d9c8b6f4-q2xnv"));
    return ScenarioFindings.finding(shown, failure, d, now);
  }
}
