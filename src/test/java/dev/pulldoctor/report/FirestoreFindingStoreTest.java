package dev.pulldoctor.report;

import static dev.pulldoctor.report.StoreFixtures.CLAIM_TIMEOUT;
import static dev.pulldoctor.report.StoreFixtures.DIAGNOSIS_TTL;
import static dev.pulldoctor.report.StoreFixtures.EVENT_TTL;
import static dev.pulldoctor.report.StoreFixtures.KEY;
import static dev.pulldoctor.report.StoreFixtures.NOW;
import static dev.pulldoctor.report.StoreFixtures.PROD;
import static dev.pulldoctor.report.StoreFixtures.failure;
import static dev.pulldoctor.report.StoreFixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.pulldoctor.FirestoreEmulator;
import dev.pulldoctor.domain.Admission;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RootCause;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FirestoreFindingStoreTest {
  private final FirestoreEmulator emulator = FirestoreEmulator.get();
  private final FirestoreFindingStore store = StoreFixtures.store(emulator);

  @BeforeEach
  void emptyDatabase() {
    emulator.reset();
  }

  @Test
  void admit_claimsTheFirstEventOfANewIncident_andCreatesItOpenWithNothingCounted() {
    assertThat(admit(failure("e1", NOW), NOW)).isEqualTo(Admission.CLAIMED);

    Finding f = store.get(KEY.fingerprint()).orElseThrow();
    assertThat(f.status()).isEqualTo(FindingStatus.OPEN);
    assertThat(f.rootCause()).isNull();
    assertThat(f.occurrences()).isZero();
    assertThat(f.firstSeen()).isEqualTo(NOW);
    assertThat(f.pods()).containsExactly("shop/checkout-7d9c8b6f4-q2xnv");
    assertThat(claimedBy()).isEqualTo("e1");
    assertThat(eventIds()).isEmpty();
  }

  @Test
  void admit_countsTheNextEventWithinTheDiagnosisTtl() {
    claimAndRecord("e1", NOW);

    assertThat(admit(failure("e2", NOW.plusSeconds(60)), NOW.plusSeconds(60)))
        .isEqualTo(Admission.COUNTED);

    Finding f = store.get(KEY.fingerprint()).orElseThrow();
    assertThat(f.occurrences()).isEqualTo(2);
    assertThat(f.lastSeen()).isEqualTo(NOW.plusSeconds(60));
    assertThat(eventIds()).containsExactlyInAnyOrder("e1", "e2");
  }

  @Test
  void admit_claimsAgain_onceTheDiagnosisIsOlderThanTheTtl() {
    claimAndRecord("e1", NOW);
    Instant later = NOW.plus(DIAGNOSIS_TTL).plusSeconds(1);

    assertThat(admit(failure("e2", later), later)).isEqualTo(Admission.CLAIMED);
    assertThat(store.get(KEY.fingerprint()).orElseThrow().occurrences()).isEqualTo(1);
  }

  @Test
  void admit_countsTheEvent_whileAnotherEventHoldsAFreshClaim() {
    admit(failure("e1", NOW), NOW);

    assertThat(admit(failure("e2", NOW), NOW.plusSeconds(30))).isEqualTo(Admission.COUNTED);

    assertThat(store.get(KEY.fingerprint()).orElseThrow().occurrences()).isEqualTo(1);
    assertThat(claimedBy()).isEqualTo("e1");
  }

  @Test
  void admit_takesOverAClaimOlderThanTheClaimTimeout() {
    admit(failure("e1", NOW), NOW);
    Instant later = NOW.plus(CLAIM_TIMEOUT).plusSeconds(1);

    assertThat(admit(failure("e2", later), later)).isEqualTo(Admission.CLAIMED);
    assertThat(claimedBy()).isEqualTo("e2");
  }

  @Test
  void admit_letsARedeliveredEventRetakeItsOwnClaim_afterAFailedInvestigation() {
    admit(failure("e1", NOW), NOW);

    assertThat(admit(failure("e1", NOW), NOW.plusSeconds(5))).isEqualTo(Admission.CLAIMED);
    assertThat(store.get(KEY.fingerprint()).orElseThrow().occurrences()).isZero();
  }

  @Test
  void release_freesTheClaim_soThatTheNextEventInvestigates() {
    admit(failure("e1", NOW), NOW);
    store.release(KEY, "e2");
    assertThat(claimedBy()).as("another event's release").isEqualTo("e1");

    store.release(KEY, "e1");

    assertThat(raw().get("claim")).isNull();
    assertThat(admit(failure("e2", NOW), NOW.plusSeconds(1))).isEqualTo(Admission.CLAIMED);
  }

  @Test
  void redelivery_countsEachEventIdOnce() {
    for (int delivery = 0; delivery < 3; delivery++) {
      deliver(failure("e1", NOW), NOW.plusSeconds(delivery));
    }
    deliver(failure("e2", NOW.plusSeconds(10)), NOW.plusSeconds(10));
    deliver(failure("e3", NOW.plusSeconds(20)), NOW.plusSeconds(20));
    deliver(failure("e2", NOW.plusSeconds(10)), NOW.plusSeconds(30));

    assertThat(store.get(KEY.fingerprint()).orElseThrow().occurrences()).isEqualTo(3);
    assertThat(eventIds()).containsExactlyInAnyOrder("e1", "e2", "e3");
    for (QueryDocumentSnapshot event : events()) {
      assertThat(event.getData())
          .containsOnlyKeys("fingerprint", "receivedAt", "expireAt")
          .containsEntry("fingerprint", KEY.fingerprint());
      Instant received = FirestoreValues.instant(event.getTimestamp("receivedAt"));
      assertThat(FirestoreValues.instant(event.getTimestamp("expireAt")))
          .isEqualTo(received.plus(EVENT_TTL));
    }
  }

  @Test
  void record_countsAnEventOnce_evenWhenItIsRecordedTwice() {
    admit(failure("e1", NOW), NOW);
    store.record(KEY, failure("e1", NOW), verdict("NODE_SA_MISSING_READER"), NOW);

    Finding again =
        store.record(KEY, failure("e1", NOW), verdict("DENY_POLICY"), NOW.plusSeconds(1));

    assertThat(again.occurrences()).isEqualTo(1);
    assertThat(again.rootCause()).isEqualTo(RootCause.DENY_POLICY);
  }

  @Test
  void record_answersTheFindingAfter_andFreesTheClaim_whileAdmitAnswersItBefore() {
    assertThat(store.admit(KEY, failure("e1", NOW), NOW, DIAGNOSIS_TTL, CLAIM_TIMEOUT).before())
        .as("a new incident")
        .isNull();

    Finding first = store.record(KEY, failure("e1", NOW), verdict("NODE_SA_MISSING_READER"), NOW);

    assertThat(first.rootCause()).isEqualTo(RootCause.NODE_SA_MISSING_READER);
    assertThat(first.occurrences()).isEqualTo(1);
    assertThat(first.lastDiagnosedAt()).isEqualTo(NOW);
    assertThat(first.nodeServiceAccount())
        .isEqualTo("123456789012-compute@developer.gserviceaccount.com");
    assertThat(raw().get("claim")).isNull();

    Instant later = NOW.plus(DIAGNOSIS_TTL).plusSeconds(1);
    IncidentRepository.Admitted second =
        store.admit(KEY, failure("e2", later), later, DIAGNOSIS_TTL, CLAIM_TIMEOUT);
    assertThat(second.admission()).isEqualTo(Admission.CLAIMED);
    assertThat(second.before().rootCause()).isEqualTo(RootCause.NODE_SA_MISSING_READER);
    assertThat(store.record(KEY, failure("e2", later), verdict("DENY_POLICY"), later).rootCause())
        .isEqualTo(RootCause.DENY_POLICY);
  }

  @Test
  void record_leavesAClaimThatAnotherEventTookOver() {
    admit(failure("e1", NOW), NOW);
    Instant later = NOW.plus(CLAIM_TIMEOUT).plusSeconds(1);
    admit(failure("e2", later), later);

    store.record(KEY, failure("e1", NOW), verdict("DENY_POLICY"), later);

    assertThat(claimedBy()).isEqualTo("e2");
  }

  @Test
  void record_withoutAdmit_createsTheFinding() {
    Finding f = store.record(KEY, failure("e1", NOW), verdict("IMAGE_NOT_FOUND"), NOW);

    assertThat(f.occurrences()).isEqualTo(1);
    assertThat(f.rootCause()).isEqualTo(RootCause.IMAGE_NOT_FOUND);
  }

  @Test
  void record_replacesTheEvidenceOfAnEarlierDiagnosisWhole() {
    admit(failure("e1", NOW), NOW);
    store.record(
        KEY,
        failure("e1", NOW),
        verdict("DENY_POLICY", Map.of("old", "x", "nodePool", "a", "denyingRules", List.of("r"))),
        NOW);

    Finding f =
        store.record(KEY, failure("e1", NOW), verdict("DENY_POLICY", Map.of("nodePool", "b")), NOW);

    assertThat(f.evidence().nodePool()).isEqualTo("b");
    assertThat(f.evidence().denyingRules()).isEmpty();
    assertThat(f.evidence().other()).isEmpty();
    assertThat(store.get(KEY.fingerprint()).orElseThrow().evidence()).isEqualTo(f.evidence());
  }

  @Test
  void record_roundTripsTheTypedViews_andKeepsEvidenceFieldsItDoesNotTypeYet() {
    Instant precise = Instant.parse("2026-11-20T14:04:59.123456789Z");
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("nodePool", "default-pool");
    evidence.put(
        "access", Map.of("method", "impersonate", "answer", "DENIED", "fallbacks", List.of()));
    evidence.put("checkedAt", precise);
    evidence.put("attempts", 3);
    evidence.put("roles", List.of("roles/viewer", Map.of("at", precise)));
    evidence.put("nested", Map.of("deeper", Map.of("when", precise, "kind", FailureKind.TLS)));
    admit(failure("e1", NOW), NOW);

    Finding written = store.record(KEY, failure("e1", NOW), verdict("DENY_POLICY", evidence), NOW);

    Instant micros = Instant.parse("2026-11-20T14:04:59.123456Z");
    Finding read = store.get(KEY.fingerprint()).orElseThrow();
    assertThat(read.evidence().nodePool()).isEqualTo("default-pool");
    assertThat(read.evidence().access().answer()).isEqualTo("DENIED");
    assertThat(read.evidence().other())
        .containsEntry("checkedAt", micros)
        .containsEntry("attempts", 3L)
        .containsEntry("roles", List.of("roles/viewer", Map.of("at", micros)))
        .containsEntry("nested", Map.of("deeper", Map.of("when", micros, "kind", "TLS")));
    assertThat(read.advice()).isEqualTo(written.advice());
    assertThat(read.remediation()).isEqualTo(written.remediation());
    assertThat(((Map<?, ?>) raw().get("evidence")).get("checkedAt")).isInstanceOf(Timestamp.class);
  }

  @Test
  void document_holdsTheFindingsFieldsFlat_plusTheStoresOwn() {
    claimAndRecord("e1", NOW);

    Set<String> expected = new HashSet<>();
    Arrays.stream(Finding.class.getRecordComponents())
        .map(RecordComponent::getName)
        .forEach(expected::add);
    expected.add("podKeys");
    expected.add("claim");
    DocumentSnapshot doc = raw();
    assertThat(doc.getData()).containsOnlyKeys(expected.toArray(String[]::new));
    assertThat(doc.getString("cluster")).isEqualTo("acme-prod-417/us-central1/prod");
    assertThat(doc.getString("clusterProject")).isEqualTo("acme-prod-417");
    assertThat(doc.getString("clusterLocation")).isEqualTo("us-central1");
    assertThat(doc.getString("clusterName")).isEqualTo("prod");
    assertThat(doc.getString("repository")).isEqualTo("acme-prod-417/us-central1/services");
    assertThat(doc.getString("repositoryName")).isEqualTo("services");
    assertThat(doc.getString("nodePool")).isEqualTo("default-pool");
    assertThat(doc.getString("status")).isEqualTo("OPEN");
    assertThat(doc.getString("failureKind")).isEqualTo("PERMISSION_DENIED");
    assertThat(doc.getString("image")).isEqualTo(StoreFixtures.IMAGE);
    assertThat(doc.get("occurrences")).isEqualTo(1L);
    assertThat(doc.get("firstSeen")).isInstanceOf(Timestamp.class);
    assertThat(doc.get("lastDiagnosedAt")).isInstanceOf(Timestamp.class);
    assertThat(doc.get("podKeys"))
        .isEqualTo(List.of("acme-prod-417/us-central1/prod|shop/checkout-7d9c8b6f4-q2xnv"));
  }

  @Test
  void pods_keepTheNewestTwenty() {
    claimAndRecord("e0", NOW);
    for (int i = 1; i < 25; i++) {
      Instant at = NOW.plusSeconds(i);
      admit(failure("e" + i, "ns-" + i, "pod-" + i, at), at);
    }

    Finding f = store.get(KEY.fingerprint()).orElseThrow();
    assertThat(f.occurrences()).isEqualTo(25);
    assertThat(f.pods())
        .hasSize(Finding.MAX_PODS)
        .containsExactlyElementsOf(
            IntStream.range(5, 25).mapToObj(i -> "ns-" + i + "/pod-" + i).toList());
    assertThat(f.namespaces()).hasSize(Finding.MAX_PODS).startsWith("ns-5").endsWith("ns-24");
    assertThat(store.incidentOfPod(PROD, "ns-24", "pod-24")).contains(KEY.fingerprint());
    assertThat(store.incidentOfPod(PROD, "ns-4", "pod-4")).isEmpty();
  }

  @Test
  void pods_moveAPodSeenAgainToTheNewestEnd() {
    claimAndRecord("e0", NOW);
    admit(failure("e1", "shop", "other", NOW), NOW);
    admit(failure("e2", NOW), NOW);

    assertThat(store.get(KEY.fingerprint()).orElseThrow().pods())
        .containsExactly("shop/other", "shop/checkout-7d9c8b6f4-q2xnv");
  }

  @Test
  void countFollowOn_countsOnThePodsIncident_once() {
    claimAndRecord("e1", NOW);
    PullFailure backOff =
        failure("e2", PROD, "shop", "checkout-7d9c8b6f4-q2xnv", NOW.plusSeconds(20), true);

    assertThat(store.countFollowOn(backOff, NOW.plusSeconds(20))).isTrue();
    assertThat(store.countFollowOn(backOff, NOW.plusSeconds(25))).isTrue();

    Finding f = store.get(KEY.fingerprint()).orElseThrow();
    assertThat(f.occurrences()).isEqualTo(2);
    assertThat(f.lastSeen()).isEqualTo(NOW.plusSeconds(20));
    assertThat(eventIds()).containsExactlyInAnyOrder("e1", "e2");
  }

  @Test
  void countFollowOn_findsTheIncidentWhileItsFirstEventIsStillBeingInvestigated() {
    admit(failure("e1", NOW), NOW);

    assertThat(
            store.countFollowOn(
                failure("e2", PROD, "shop", "checkout-7d9c8b6f4-q2xnv", NOW, true), NOW))
        .isTrue();
    assertThat(store.get(KEY.fingerprint()).orElseThrow().occurrences()).isEqualTo(1);
  }

  @Test
  void countFollowOn_answersFalse_whenNoIncidentHoldsThePod() {
    claimAndRecord("e1", NOW);
    ClusterRef staging = new ClusterRef("acme-prod-417", "us-central1", "staging");

    assertThat(
            store.countFollowOn(
                failure("e2", staging, "shop", "checkout-7d9c8b6f4-q2xnv", NOW, true), NOW))
        .isFalse();
    assertThat(store.countFollowOn(failure("e3", PROD, "shop", "unknown", NOW, true), NOW))
        .isFalse();
    assertThat(eventIds()).containsExactly("e1");
  }

  @Test
  void eventIds_withSlashesAreStoredUnderAnEscapedDocumentId() {
    claimAndRecord("projects/acme/topics/t/messages/42", NOW);

    assertThat(events())
        .singleElement()
        .satisfies(
            e -> assertThat(e.getId()).isEqualTo("projects%2Facme%2Ftopics%2Ft%2Fmessages%2F42"));
    assertThat(admit(failure("projects/acme/topics/t/messages/42", NOW), NOW))
        .isEqualTo(Admission.DUPLICATE);
  }

  @Test
  void get_answersEmpty_forAnUnknownFingerprint() {
    assertThat(store.get("0123456789abcdef01234567")).isEmpty();
  }

  private Admission admit(PullFailure failure, Instant now) {
    return store.admit(KEY, failure, now, DIAGNOSIS_TTL, CLAIM_TIMEOUT).admission();
  }

  /** What the function does with one delivery: admit, and investigate when it holds the claim. */
  private void deliver(PullFailure failure, Instant now) {
    if (admit(failure, now) == Admission.CLAIMED) {
      store.record(KEY, failure, verdict("NODE_SA_MISSING_READER"), now);
    }
  }

  private void claimAndRecord(String eventId, Instant now) {
    assertThat(admit(failure(eventId, now), now)).isEqualTo(Admission.CLAIMED);
    store.record(KEY, failure(eventId, now), verdict("NODE_SA_MISSING_READER"), now);
  }

  private String claimedBy() {
    return raw().getString("claim.eventId");
  }

  private DocumentSnapshot raw() {
    try {
      return emulator.client().collection("pullFindings").document(KEY.fingerprint()).get().get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private List<QueryDocumentSnapshot> events() {
    try {
      return emulator.client().collection("pullEvents").get().get().getDocuments();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The event ids recorded, unescaped. */
  private List<String> eventIds() {
    return events().stream().map(e -> e.getId().replace("%2F", "/").replace("%25", "%")).toList();
  }
}
