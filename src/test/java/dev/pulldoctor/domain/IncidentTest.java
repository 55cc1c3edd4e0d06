package dev.pulldoctor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The incident's lifecycle rules, with no store (STYLE.md 10a). */
class IncidentTest {
  static final Instant NOW = Instant.parse("2026-11-20T14:05:00Z");
  static final Duration TTL = Duration.ofMinutes(10);
  static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(2);
  static final ClusterRef PROD = new ClusterRef("acme-prod-417", "us-central1", "prod");
  static final IncidentKey KEY =
      new IncidentKey(
          PROD, "default-pool", new RepositoryRef("acme-prod-417", "us-central1", "services"));
  static final String IMAGE = "us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2";

  static PullFailure failure(String eventId, String pod, Instant at) {
    return new PullFailure(
        eventId,
        "uid-" + eventId,
        PROD,
        "shop",
        pod,
        "pod-uid-" + pod,
        "gke-prod-default-pool-a1b2c3d4-x7k2",
        ImageReference.parse(IMAGE),
        "Failed",
        "Failed to pull image \"" + IMAGE + "\": 403 Forbidden",
        FailureKind.PERMISSION_DENIED,
        false,
        at);
  }

  static PullFailure failure(String eventId, Instant at) {
    return failure(eventId, "checkout-1", at);
  }

  static Verdict verdict(RootCause cause, FindingRemediation remediation) {
    return Verdict.of(
        cause,
        FailureKind.PERMISSION_DENIED,
        "summary",
        "sa@p.iam.gserviceaccount.com",
        IMAGE,
        JsonForm.read(FindingEvidence.class, Map.of("nodePool", "default-pool")),
        new FindingAdvice("s", "fix", List.of("gcloud …"), "", "", true),
        remediation);
  }

  private static Incident claimedAndRecorded(Instant at) {
    Incident incident = Incident.open(KEY, failure("e1", at), at);
    assertThat(incident.admit(failure("e1", at), at, TTL, CLAIM_TIMEOUT))
        .isEqualTo(Admission.CLAIMED);
    incident.count(failure("e1", at), at);
    incident.record(verdict(RootCause.NODE_SA_MISSING_READER, null), "e1", at);
    return incident;
  }

  @Test
  void open_isOpen_withNothingCounted_seenWhenItsFirstEventHappened() {
    Incident incident = Incident.open(KEY, failure("e1", NOW), NOW.plusSeconds(9));

    Finding f = incident.finding();
    assertThat(f.fingerprint()).isEqualTo(KEY.fingerprint());
    assertThat(f.status()).isEqualTo(FindingStatus.OPEN);
    assertThat(f.rootCause()).isNull();
    assertThat(f.occurrences()).isZero();
    assertThat(f.firstSeen()).isEqualTo(NOW);
    assertThat(f.cluster()).isEqualTo("acme-prod-417/us-central1/prod");
    assertThat(f.repositoryName()).isEqualTo("services");
    assertThat(incident.claim()).isNull();
  }

  @Test
  void admit_claimsTheFirstEvent_andListsItsPod_withoutCountingIt() {
    Incident incident = Incident.open(KEY, failure("e1", NOW), NOW);

    assertThat(incident.admit(failure("e1", NOW), NOW, TTL, CLAIM_TIMEOUT))
        .isEqualTo(Admission.CLAIMED);

    assertThat(incident.claim()).isEqualTo(new Incident.Claim("e1", NOW));
    assertThat(incident.finding().occurrences()).isZero();
    assertThat(incident.finding().pods()).containsExactly("shop/checkout-1");
  }

  @Test
  void admit_countsWithinTheDiagnosisTtl_andClaimsAgainAfterIt() {
    Incident incident = claimedAndRecorded(NOW);
    Instant soon = NOW.plusSeconds(60);
    Instant late = NOW.plus(TTL).plusSeconds(1);

    assertThat(incident.admit(failure("e2", soon), soon, TTL, CLAIM_TIMEOUT))
        .isEqualTo(Admission.COUNTED);
    assertThat(incident.admit(failure("e3", late), late, TTL, CLAIM_TIMEOUT))
        .isEqualTo(Admission.CLAIMED);

    assertThat(incident.finding().occurrences()).isEqualTo(2);
    assertThat(incident.finding().lastSeen()).isEqualTo(soon);
  }

  @Test
  void admit_countsWhileAnotherEventHoldsAFreshClaim_andTakesOverAStaleOne() {
    Incident incident = Incident.open(KEY, failure("e1", NOW), NOW);
    incident.admit(failure("e1", NOW), NOW, TTL, CLAIM_TIMEOUT);
    Instant stale = NOW.plus(CLAIM_TIMEOUT).plusSeconds(1);

    assertThat(incident.admit(failure("e2", NOW), NOW.plusSeconds(30), TTL, CLAIM_TIMEOUT))
        .isEqualTo(Admission.COUNTED);
    assertThat(incident.claim().eventId()).isEqualTo("e1");
    assertThat(incident.admit(failure("e3", stale), stale, TTL, CLAIM_TIMEOUT))
        .isEqualTo(Admission.CLAIMED);
    assertThat(incident.claim().eventId()).isEqualTo("e3");
  }

  @Test
  void admit_letsARedeliveredEventRetakeItsOwnClaim() {
    Incident incident = Incident.open(KEY, failure("e1", NOW), NOW);
    incident.admit(failure("e1", NOW), NOW, TTL, CLAIM_TIMEOUT);

    assertThat(incident.admit(failure("e1", NOW), NOW.plusSeconds(5), TTL, CLAIM_TIMEOUT))
        .isEqualTo(Admission.CLAIMED);
    assertThat(incident.finding().occurrences()).isZero();
  }

  @Test
  void release_freesOnlyTheClaimOfItsOwnEvent() {
    Incident incident = Incident.open(KEY, failure("e1", NOW), NOW);
    incident.admit(failure("e1", NOW), NOW, TTL, CLAIM_TIMEOUT);

    assertThat(incident.release("e2")).isFalse();
    assertThat(incident.claim()).isNotNull();
    assertThat(incident.release("e1")).isTrue();
    assertThat(incident.claim()).isNull();
  }

  @Test
  void record_replacesTheDiagnosisWhole_keepsTheCounts_andLeavesAClaimTakenOver() {
    Incident incident = claimedAndRecorded(NOW);
    Instant stale = NOW.plus(TTL).plusSeconds(1);
    incident.admit(failure("e2", stale), stale, TTL, CLAIM_TIMEOUT);

    incident.record(verdict(RootCause.DENY_POLICY, null), "e1", stale);

    Finding f = incident.finding();
    assertThat(f.rootCause()).isEqualTo(RootCause.DENY_POLICY);
    assertThat(f.lastDiagnosedAt()).isEqualTo(stale);
    assertThat(f.occurrences()).isEqualTo(1);
    assertThat(f.remediation()).isNull();
    assertThat(incident.claim().eventId()).as("e2 took the claim over").isEqualTo("e2");
  }

  @Test
  void verdict_isResolvedWhenAccessIsGranted_andRemediatedWhenTheGrantWasVerified() {
    FindingRemediation verified =
        JsonForm.read(FindingRemediation.class, Map.of("applied", true, "verified", true));
    FindingRemediation planned = FindingRemediation.of(Map.of("mode", "dry-run"));

    assertThat(verdict(RootCause.ACCESS_NOW_GRANTED, verified).status())
        .isEqualTo(FindingStatus.RESOLVED);
    assertThat(verdict(RootCause.NODE_SA_MISSING_READER, verified).status())
        .isEqualTo(FindingStatus.REMEDIATED);
    assertThat(verdict(RootCause.NODE_SA_MISSING_READER, planned).status())
        .isEqualTo(FindingStatus.OPEN);
  }

  @Test
  void count_keepsTheNewestTwentyPods_movingOneSeenAgainToTheEnd() {
    Incident incident = claimedAndRecorded(NOW);
    for (int i = 1; i < 25; i++) {
      incident.count(failure("e" + i, "pod-" + i, NOW.plusSeconds(i)), NOW.plusSeconds(i));
    }
    incident.count(failure("again", "pod-10", NOW.plusSeconds(30)), NOW.plusSeconds(30));

    List<String> expected =
        new java.util.ArrayList<>(
            IntStream.range(6, 25).filter(i -> i != 10).mapToObj(i -> "shop/pod-" + i).toList());
    expected.add(0, "shop/pod-5");
    expected.add("shop/pod-10");
    assertThat(incident.finding().pods())
        .hasSize(Finding.MAX_PODS)
        .containsExactlyElementsOf(expected);
    assertThat(incident.finding().namespaces()).containsExactly("shop");
  }

  @Test
  void count_addsEachOccurrenceToTheUtcHourItArrived_andForgetsHoursOlderThanTwoDays() {
    Incident incident = claimedAndRecorded(Instant.parse("2026-11-18T14:59:00Z"));
    Instant kubelet = Instant.parse("2026-11-18T10:00:00Z");

    incident.count(failure("a", kubelet), Instant.parse("2026-11-18T15:30:00Z"));
    incident.count(failure("b", kubelet), Instant.parse("2026-11-20T13:10:00Z"));
    incident.count(failure("c", kubelet), Instant.parse("2026-11-20T14:01:00Z"));
    incident.count(failure("d", kubelet), Instant.parse("2026-11-20T14:04:00Z"));

    // At 14:04 on the 20th the 48 hours kept start at 15:00 on the 18th.
    assertThat(incident.finding().occurrencesByHour())
        .containsExactly(
            Map.entry("2026-11-18T15", 1L),
            Map.entry("2026-11-20T13", 1L),
            Map.entry("2026-11-20T14", 2L));
    assertThat(incident.finding().occurrences()).isEqualTo(5);
    assertThat(incident.finding().firstSeen()).isEqualTo(kubelet);
  }
}
