package dev.pulldoctor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one JSON form of a finding: field names from the records, tolerant reading. */
class JsonFormTest {

  @Test
  void aFinding_roundTripsThroughItsTree_andItsJson() {
    Incident incident =
        Incident.open(
            IncidentTest.KEY, IncidentTest.failure("e1", IncidentTest.NOW), IncidentTest.NOW);
    incident.count(IncidentTest.failure("e1", IncidentTest.NOW), IncidentTest.NOW);
    incident.record(
        IncidentTest.verdict(
            RootCause.NODE_SA_MISSING_READER, FindingRemediation.of(Map.of("mode", "dry-run"))),
        "e1",
        IncidentTest.NOW);
    Finding f = incident.finding();

    assertThat(JsonForm.read(Finding.class, JsonForm.tree(f))).isEqualTo(f);
    assertThat(JsonForm.read(Finding.class, JsonForm.json(f))).isEqualTo(f);
    Map<String, Object> json = JsonForm.map(f, true);
    assertThat(json)
        .containsEntry("status", "OPEN")
        .containsEntry("rootCause", "NODE_SA_MISSING_READER")
        .containsEntry("occurrences", 1L)
        .containsEntry("firstSeen", "2026-11-20T14:05:00Z")
        .containsEntry("occurrencesByHour", Map.of("2026-11-20T14", 1L));
    assertThat(json.keySet()).startsWith("fingerprint", "status", "failureKind", "rootCause");
  }

  @Test
  void reading_ignoresUnknownFields_keepsThemInOther_andReadsUnknownConstantsAsTheCatchAll() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("fingerprint", "fp");
    tree.put("status", "SNOOZED");
    tree.put("rootCause", "A_CAUSE_FROM_THE_FUTURE");
    tree.put("failureKind", "ALSO_NEW");
    tree.put("occurrences", 4L);
    tree.put("lastSeen", Instant.parse("2026-11-20T14:05:00Z"));
    tree.put("someNewField", "x");
    tree.put("evidence", Map.of("nodePool", "p", "hierarchy", List.of("folders/1")));

    Finding f = JsonForm.read(Finding.class, tree);

    assertThat(f.status()).isEqualTo(FindingStatus.OPEN);
    assertThat(f.rootCause()).isEqualTo(RootCause.UNDETERMINED);
    assertThat(f.failureKind()).isEqualTo(FailureKind.UNKNOWN);
    assertThat(f.occurrences()).isEqualTo(4);
    assertThat(f.evidence().nodePool()).isEqualTo("p");
    assertThat(f.evidence().other()).containsEntry("hierarchy", List.of("folders/1"));
    assertThat(JsonForm.map(f.evidence(), true))
        .as("written back beside the typed fields")
        .containsEntry("hierarchy", List.of("folders/1"))
        .doesNotContainKey("other");
    assertThat(f.advice()).isNull();
    assertThat(f.pods()).isEmpty();
  }
}
