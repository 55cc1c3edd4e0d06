package dev.pulldoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import com.google.firestore.v1.Value;
import dev.pulldoctor.FirestoreEmulator;
import dev.pulldoctor.domain.FindingStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of value the store writes reads back the same whichever client wrote it: the
 * function's raw gRPC path ({@link FirestoreWire}) and the high-level client the dashboard and the
 * CLI read with store identical Firestore values.
 */
class FirestoreWireTest {
  private static final String COLLECTION = "wireTest";
  private static final Instant AT = Instant.parse("2026-11-20T14:05:00.123456789Z");

  private final FirestoreEmulator emulator = FirestoreEmulator.get();
  private final Firestore client = emulator.client();
  private final FirestoreRpc rpc =
      FirestoreRpc.open(
          FirestoreTarget.of(StoreFixtures.CONFIG.firestoreDatabase(), emulator.env()),
          Duration.ofSeconds(10));
  private final FirestoreTransactions transactions = new FirestoreTransactions(() -> rpc, 1);

  /** A row: what a writer hands the store, and what any reader gets back. */
  private record Row(String name, Object written, Object read) {}

  private static List<Row> rows() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("checkedAt", AT);
    nested.put("allowed", false);
    nested.put("roles", List.of("roles/artifactregistry.reader", "roles/viewer"));
    nested.put("nothing", null);
    nested.put("deeper", Map.of("count", 3));
    Map<String, Object> nestedRead = new LinkedHashMap<>();
    nestedRead.put("checkedAt", FirestoreValues.timestamp(AT));
    nestedRead.put("allowed", false);
    nestedRead.put("roles", List.of("roles/artifactregistry.reader", "roles/viewer"));
    nestedRead.put("nothing", null);
    nestedRead.put("deeper", Map.of("count", 3L));
    return List.of(
        new Row("string", "default-pool", "default-pool"),
        new Row("empty string", "", ""),
        new Row("unicode string", "ünïcode … ✓", "ünïcode … ✓"),
        new Row("true", true, true),
        new Row("false", false, false),
        new Row("long", 1234567890123L, 1234567890123L),
        new Row("largest long", Long.MAX_VALUE, Long.MAX_VALUE),
        new Row("negative long", -7L, -7L),
        new Row("int becomes long", 42, 42L),
        new Row("double", 1.5, 1.5),
        new Row("float becomes double", 0.25f, 0.25),
        new Row("infinity", Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY),
        new Row("not a number", Double.NaN, Double.NaN),
        new Row("timestamp", FirestoreValues.timestamp(AT), FirestoreValues.timestamp(AT)),
        new Row("instant, to microseconds", AT, FirestoreValues.timestamp(AT)),
        new Row(
            "epoch", Timestamp.ofTimeSecondsAndNanos(0, 0), Timestamp.ofTimeSecondsAndNanos(0, 0)),
        new Row("null", null, null),
        new Row("enum by name", FindingStatus.OPEN, "OPEN"),
        new Row("empty list", List.of(), List.of()),
        new Row("list", List.of("a", "b"), List.of("a", "b")),
        new Row("list with null", Arrays.asList("a", null, 3), Arrays.asList("a", null, 3L)),
        new Row("set in order", new LinkedHashSet<>(List.of("z", "a")), List.of("z", "a")),
        new Row("empty map", Map.of(), Map.of()),
        new Row("nested map", nested, nestedRead),
        new Row("list of maps", List.of(Map.of("k", 1)), List.of(Map.of("k", 1L))));
  }

  @BeforeEach
  void emptyDatabase() {
    emulator.reset();
  }

  @Test
  void everyValue_writtenRaw_readsTheSameThroughTheHighLevelClient() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    for (Row row : rows()) {
      String id = "raw-" + rows().indexOf(row);
      writeRaw(id, row.written());

      Object read = client.collection(COLLECTION).document(id).get().get().get("v");

      soft.assertThat(read).as(row.name()).isEqualTo(row.read());
    }
    soft.assertAll();
  }

  @Test
  void everyValue_writtenByTheHighLevelClient_readsTheSameRaw() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    for (Row row : rows()) {
      String id = "client-" + rows().indexOf(row);
      writeWithClient(id, row.written());

      soft.assertThat(readRaw(id)).as(row.name()).isEqualTo(row.read());
    }
    soft.assertAll();
  }

  @Test
  void everyValue_isStoredAsTheSameFirestoreValue_byEitherWriter() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    for (Row row : rows()) {
      int n = rows().indexOf(row);
      writeRaw("raw-" + n, row.written());
      writeWithClient("client-" + n, row.written());

      soft.assertThat(storedValue("raw-" + n)).as(row.name()).isEqualTo(storedValue("client-" + n));
    }
    soft.assertAll();
  }

  @Test
  void aWholeIncident_writtenRaw_readsAsTheSameFinding() {
    FirestoreFindingStore store = StoreFixtures.store(emulator);
    store.admit(
        StoreFixtures.KEY,
        StoreFixtures.failure("e1", StoreFixtures.NOW),
        StoreFixtures.NOW,
        StoreFixtures.DIAGNOSIS_TTL,
        StoreFixtures.CLAIM_TIMEOUT);
    store.record(
        StoreFixtures.KEY,
        StoreFixtures.failure("e1", StoreFixtures.NOW),
        StoreFixtures.verdict("NODE_SA_MISSING_READER"),
        StoreFixtures.NOW);

    // get() reads raw, query() through the high-level client.
    assertThat(
            store
                .query(new FindingStore.FindingQuery(null, null, null, null, null, 10, null))
                .findings())
        .containsExactly(store.get(StoreFixtures.KEY.fingerprint()).orElseThrow());
  }

  private void writeRaw(String id, Object value) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("v", value);
    transactions.run(
        tx -> {
          tx.set(name(id), data);
          return null;
        });
  }

  private void writeWithClient(String id, Object value) throws Exception {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("v", FirestoreValues.toFirestore(value));
    client.collection(COLLECTION).document(id).set(data).get();
  }

  private Object readRaw(String id) {
    return transactions.run(tx -> tx.getAll(name(id)).get(0).data().get("v"));
  }

  private Value storedValue(String id) {
    return rpc.batchGet(null, List.of(name(id))).get(name(id)).getFieldsOrThrow("v");
  }

  private String name(String id) {
    return rpc.target().documentPath(COLLECTION, id);
  }
}
