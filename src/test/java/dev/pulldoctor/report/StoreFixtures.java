package dev.pulldoctor.report;

import dev.pulldoctor.FirestoreEmulator;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.FindingAdvice;
import dev.pulldoctor.domain.FindingEvidence;
import dev.pulldoctor.domain.FindingRemediation;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.JsonForm;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.domain.Verdict;
import dev.pulldoctor.setup.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Incidents, events and a store on the emulator, for the Firestore adapter's tests. */
final class StoreFixtures {
  private StoreFixtures() {}

  static final Config CONFIG = Config.defaultsOnly();
  static final Instant NOW = Instant.parse("2026-11-20T14:05:00Z");
  static final Duration DIAGNOSIS_TTL = Duration.ofMinutes(10);
  static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(2);
  static final Duration EVENT_TTL = Duration.ofDays(7);

  static final ClusterRef PROD = new ClusterRef("acme-prod-417", "us-central1", "prod");
  static final RepositoryRef SERVICES =
      new RepositoryRef("acme-prod-417", "us-central1", "services");
  static final IncidentKey KEY = new IncidentKey(PROD, "default-pool", SERVICES);
  static final String IMAGE = "us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2";

  /**
   * The adapter on the emulator, both sides, writing each incident as soon as asked: the tests of
   * its rules need no batching (FirestoreBatchingTest has its own).
   */
  static FirestoreFindingStore store(FirestoreEmulator emulator) {
    return store(emulator, Duration.ZERO, FirestoreCalls.NONE);
  }

  static FirestoreFindingStore store(
      FirestoreEmulator emulator, Duration writeInterval, FirestoreCalls calls) {
    return FindingStores.store(
        CONFIG.store(), emulator.env(), emulator::client, calls, writeInterval);
  }

  /** A pull failure of {@code namespace/pod} in the prod cluster, seen at {@code at}. */
  static PullFailure failure(String eventId, String namespace, String pod, Instant at) {
    return failure(eventId, PROD, namespace, pod, at, false);
  }

  static PullFailure failure(
      String eventId,
      ClusterRef cluster,
      String namespace,
      String pod,
      Instant at,
      boolean followOn) {
    return new PullFailure(
        eventId,
        "uid-" + eventId,
        cluster,
        namespace,
        pod,
        "pod-uid-" + pod,
        "gke-prod-default-pool-a1b2c3d4-x7k2",
        followOn ? null : ImageReference.parse(IMAGE),
        followOn ? "BackOff" : "Failed",
        followOn
            ? "Back-off pulling image \"" + IMAGE + "\""
            : "Failed to pull image \"" + IMAGE + "\": 403 Forbidden",
        FailureKind.PERMISSION_DENIED,
        followOn,
        at);
  }

  static PullFailure failure(String eventId, Instant at) {
    return failure(eventId, "shop", "checkout-7d9c8b6f4-q2xnv", at);
  }

  /** What an investigation concludes: a root cause with evidence, advice and a dry-run plan. */
  static Verdict verdict(String rootCause) {
    return verdict(rootCause, Map.of("method", "impersonate", "checkedAt", NOW, "allowed", false));
  }

  /** A verdict with the status given, as a later diagnosis or remediation would leave it. */
  static Verdict verdict(String status, String rootCause) {
    Verdict v = verdict(rootCause);
    return new Verdict(
        FindingStatus.valueOf(status),
        v.rootCause(),
        v.failureKind(),
        v.summary(),
        v.nodeServiceAccount(),
        v.image(),
        v.evidence(),
        v.advice(),
        v.remediation());
  }

  /** The same with {@code evidence}, read into the finding's view by field name. */
  static Verdict verdict(String rootCause, Map<String, ?> evidence) {
    return Verdict.of(
        RootCause.valueOf(rootCause),
        FailureKind.PERMISSION_DENIED,
        "default-pool's account may not pull from services",
        "123456789012-compute@developer.gserviceaccount.com",
        IMAGE,
        JsonForm.read(FindingEvidence.class, evidence),
        new FindingAdvice(
            "s",
            "grant",
            List.of("gcloud artifacts repositories add-iam-policy-binding …"),
            "",
            "",
            true),
        FindingRemediation.of(Map.of("mode", "dry-run")));
  }
}
