package dev.pulldoctor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.Timestamp;
import dev.pulldoctor.domain.RootCause;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirestoreValuesTest {
  private static final Instant PRECISE = Instant.parse("2026-11-20T14:05:00.123456789Z");
  private static final Instant MICROS = Instant.parse("2026-11-20T14:05:00.123456Z");

  @Test
  void toFirestore_turnsInstantsIntoMicrosecondTimestamps_throughListsAndMaps() {
    Object stored =
        FirestoreValues.toFirestore(Map.of("at", PRECISE, "list", List.of(PRECISE, "x")));

    Timestamp micros = Timestamp.ofTimeSecondsAndNanos(MICROS.getEpochSecond(), MICROS.getNano());
    assertThat(stored).isEqualTo(Map.of("at", micros, "list", List.of(micros, "x")));
  }

  @Test
  void fromFirestore_turnsTimestampsBackIntoInstants() {
    Object stored = FirestoreValues.toFirestore(Map.of("a", Map.of("b", List.of(PRECISE))));

    assertThat(FirestoreValues.fromFirestore(stored))
        .isEqualTo(Map.of("a", Map.of("b", List.of(MICROS))));
  }

  @Test
  void toFirestore_widensSmallNumbers_andNamesEnums() {
    assertThat(FirestoreValues.toFirestore(7)).isEqualTo(7L);
    assertThat(FirestoreValues.toFirestore((short) 7)).isEqualTo(7L);
    assertThat(FirestoreValues.toFirestore(1.5f)).isEqualTo(1.5d);
    assertThat(FirestoreValues.toFirestore(RootCause.DENY_POLICY)).isEqualTo("DENY_POLICY");
    assertThat(FirestoreValues.toFirestore(true)).isEqualTo(true);
    assertThat(FirestoreValues.toFirestore(null)).isNull();
    assertThat(FirestoreValues.toFirestore(new LinkedHashSet<>(List.of("b", "a"))))
        .isEqualTo(List.of("b", "a"));
  }

  @Test
  void toFirestore_refusesWhatNoReaderCouldReadBack() {
    assertThatThrownBy(() -> FirestoreValues.toFirestore(new StringBuilder("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("StringBuilder");
    assertThatThrownBy(() -> FirestoreValues.toFirestore(Map.of(1, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys must be strings");
  }

  @Test
  void eventDocumentIds_escapeWhatFirestoreForbids_reversibly() {
    assertThat(EventRecords.documentId("11827368292014411")).isEqualTo("11827368292014411");
    assertThat(EventRecords.documentId("a/b")).isEqualTo("a%2Fb");
    assertThat(EventRecords.documentId("a%2Fb")).isEqualTo("a%252Fb");
    assertThat(EventRecords.documentId(".")).isEqualTo("%2E");
    assertThat(EventRecords.documentId("..")).isEqualTo("%2E.");
    assertThat(EventRecords.documentId("__name__")).isEqualTo("%5F_name__");
    assertThat(EventRecords.documentId("x".repeat(2000))).startsWith("sha256-").hasSize(71);
  }
}
