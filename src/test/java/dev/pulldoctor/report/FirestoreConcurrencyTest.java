package dev.pulldoctor.report;

import static dev.pulldoctor.report.StoreFixtures.CLAIM_TIMEOUT;
import static dev.pulldoctor.report.StoreFixtures.DIAGNOSIS_TTL;
import static dev.pulldoctor.report.StoreFixtures.NOW;
import static dev.pulldoctor.report.StoreFixtures.PROD;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.pulldoctor.FirestoreEmulator;
import dev.pulldoctor.domain.Admission;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many function instances at once, as a burst of events fans out over Cloud Run. */
class FirestoreConcurrencyTest {
  private static final int EVENTS = 1_000;
  private static final int INCIDENTS = 5;
  private static final int WORKERS = 8;

  private final FirestoreEmulator emulator = FirestoreEmulator.get();

  @BeforeEach
  void emptyDatabase() {
    emulator.reset();
  }

  /**
   * Worker {@code w} delivers events of incident {@code w % 5}: incidents 0 to 2 are shared by two
   * workers, which race for the claim and contend on every update, 3 and 4 have one each. A random
   * spread would prove no more and take minutes: the emulator, unlike Firestore, aborts both of two
   * transactions that overlap on a document after a lock timeout (firebase-tools#6758), so the run
   * would be all back-off.
   */
  @Test
  void aBurstOverConcurrentInstances_losesNoOccurrence_andInvestigatesEachIncidentOnce()
      throws Exception {
    List<List<Integer>> eventsOf = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      eventsOf.add(new ArrayList<>());
    }
    for (int i = 0; i < EVENTS; i++) {
      int incident = i % INCIDENTS;
      int sharers = (WORKERS - 1 - incident) / INCIDENTS + 1;
      eventsOf.get(incident + INCIDENTS * ((i / INCIDENTS) % sharers)).add(i);
    }
    Map<Admission, AtomicLong> admissions = new ConcurrentHashMap<>();
    List<Callable<Void>> workers = new ArrayList<>();
    for (List<Integer> events : eventsOf) {
      // Each worker an instance of its own: its own store, so its own batches.
      FirestoreFindingStore store = StoreFixtures.store(emulator);
      workers.add(
          () -> {
            for (int i : events) {
              deliver(store, i, admissions);
            }
            return null;
          });
    }

    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      for (Future<Void> f : pool.invokeAll(workers)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    System.err.printf(
        "%d events over %d workers: %d ms%n",
        EVENTS, WORKERS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

    List<QueryDocumentSnapshot> findings = documents("pullFindings");
    assertThat(findings).hasSize(INCIDENTS);
    assertThat(findings.stream().mapToLong(d -> d.getLong("occurrences")).sum()).isEqualTo(EVENTS);
    assertThat(findings).allSatisfy(d -> assertThat(d.get("claim")).isNull());
    assertThat(admissions.get(Admission.CLAIMED)).hasValue(INCIDENTS);
    assertThat(admissions.get(Admission.COUNTED)).hasValue(EVENTS - INCIDENTS);
    assertThat(admissions).doesNotContainKey(Admission.DUPLICATE);
    assertThat(documents("pullEvents")).hasSize(EVENTS);
  }

  /** What one function instance does with event {@code i}. */
  private static void deliver(
      FirestoreFindingStore store, int i, Map<Admission, AtomicLong> admissions) {
    IncidentKey key = key(i % INCIDENTS);
    PullFailure failure = StoreFixtures.failure("evt-" + i, "ns-" + i % 7, "pod-" + i % 40, NOW);
    Admission a = store.admit(key, failure, NOW, DIAGNOSIS_TTL, CLAIM_TIMEOUT).admission();
    admissions.computeIfAbsent(a, x -> new AtomicLong()).incrementAndGet();
    if (a == Admission.CLAIMED) {
      store.record(key, failure, StoreFixtures.verdict("NODE_SA_MISSING_READER"), NOW);
    }
  }

  private static IncidentKey key(int n) {
    return new IncidentKey(
        PROD, "pool-" + n, new RepositoryRef("acme-prod-417", "us-central1", "services"));
  }

  private List<QueryDocumentSnapshot> documents(String collection) throws Exception {
    return emulator.client().collection(collection).get().get().getDocuments();
  }
}
