package dev.pulldoctor.report;

import com.google.firestore.v1.Document;
import com.google.firestore.v1.DocumentProto;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.StructuredQuery.CollectionSelector;
import com.google.firestore.v1.StructuredQuery.FieldFilter;
import com.google.firestore.v1.StructuredQuery.FieldReference;
import com.google.firestore.v1.StructuredQuery.Filter;
import com.google.firestore.v1.Value;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Timestamp;
import dev.pulldoctor.domain.Admission;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.Incident;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.Verdict;
import dev.pulldoctor.report.FirestoreTransactions.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The incidents over Firestore, and the findings the dashboard and the CLI read.
 *
 * <p>Occurrences are batched per incident ({@link WriteLanes}): the events of one incident that
 * arrive within a second of its last write wait, and one read-write transaction then reads their
 * event records and the incident, admits each event through {@link Incident}, and writes the
 * records of the counted ones with the incident — so a document takes at most one such write a
 * second from this instance, a redelivered event (its record exists) is not counted again, and each
 * event returns only once its occurrence is committed. Firestore aborts a transaction when another
 * instance changed those documents meanwhile, and it runs again, so no occurrence is lost and none
 * is counted twice (https://cloud.google.com/firestore/docs/manage-data/transactions). Why a
 * transaction per batch rather than field transforms: docs/incidents.md.
 *
 * <p>What the function calls goes over Firestore's gRPC API directly ({@link FirestoreRpc}), which
 * keeps the high-level client's classes out of its cold start; only {@link #query}, for the
 * dashboard and the CLI, builds that client, on first use.
 */
final class FirestoreFindingStore implements FindingStore, IncidentRepository {
  /**
   * Attempts per transaction, above the high-level client's default of 5: instances contend on one
   * document, and a transaction that gives up costs a redelivery. Attempts back off for up to 250
   * ms, then up to 1 s, so the function's timeout bounds this first.
   */
  private static final int TRANSACTION_ATTEMPTS = 10;

  /** A pod is listed by one incident, rarely a few (one per repository it pulls from). */
  private static final int INCIDENTS_OF_A_POD = 10;

  private final Supplier<FirestoreRpc> rpc;
  private final FirestoreTransactions transactions;
  private final Supplier<FirestoreFindingPages> pages;
  private final StoreSettings settings;
  private final WriteLanes<Arrival, Admitted> lanes;

  FirestoreFindingStore(
      Supplier<FirestoreRpc> rpc,
      Supplier<FirestoreFindingPages> pages,
      StoreSettings settings,
      Duration writeInterval) {
    this.rpc = rpc;
    this.transactions = new FirestoreTransactions(rpc, TRANSACTION_ATTEMPTS);
    this.pages = pages;
    this.settings = settings;
    this.lanes = new WriteLanes<>(this::flush, writeInterval, WriteLanes.Ticker.SYSTEM);
  }

  /**
   * Also builds the descriptors of Firestore's document.proto: a {@code Document}'s fields are a
   * map, and the first map a process parses builds its file's descriptors and protobuf's own
   * descriptor classes, a tenth of a second that would otherwise fall on the first event.
   */
  @Override
  public void open() {
    rpc.get().connect();
    DocumentProto.getDescriptor();
  }

  /**
   * One event waiting to be admitted to its incident.
   *
   * @param key null for a follow-on event, which only counts on an incident that exists
   */
  private record Arrival(
      IncidentKey key,
      PullFailure failure,
      Instant now,
      Duration diagnosisTtl,
      Duration claimTimeout) {}

  @Override
  public Admitted admit(
      IncidentKey key,
      PullFailure failure,
      Instant now,
      Duration diagnosisTtl,
      Duration claimTimeout) {
    return lanes.write(
        incident(key.fingerprint()), new Arrival(key, failure, now, diagnosisTtl, claimTimeout));
  }

  @Override
  public boolean countFollowOn(PullFailure failure, Instant now) {
    Optional<String> fingerprint =
        incidentOfPod(failure.cluster(), failure.namespace(), failure.pod());
    if (fingerprint.isEmpty()) {
      return false;
    }
    Admitted a =
        lanes.write(incident(fingerprint.get()), new Arrival(null, failure, now, null, null));
    return a != null;
  }

  /**
   * One transaction for a batch of arrivals at one incident: reads their event records and the
   * incident at once, admits each new event in order, writes the counted events' records and the
   * incident. Answers, per arrival, what was decided, or null for a follow-on event whose incident
   * is gone.
   */
  private List<Admitted> flush(String incident, List<Arrival> batch) {
    List<String> names = new ArrayList<>(batch.size() + 1);
    batch.forEach(a -> names.add(event(a.failure().eventId())));
    names.add(incident);
    return transactions.run(
        tx -> {
          List<Snapshot> read = tx.getAll(names.toArray(String[]::new));
          Snapshot found = read.get(batch.size());
          Incident doc =
              found.exists() ? IncidentDocument.incident(found.id(), found.data()) : null;
          Finding before = doc == null ? null : doc.finding();
          Set<String> seen = new HashSet<>();
          List<Admitted> out = new ArrayList<>(batch.size());
          boolean changed = false;
          for (int i = 0; i < batch.size(); i++) {
            Arrival a = batch.get(i);
            String eventId = a.failure().eventId();
            if (read.get(i).exists() || !seen.add(eventId)) {
              out.add(new Admitted(Admission.DUPLICATE, before));
              continue;
            }
            if (a.key() == null) {
              if (doc == null) {
                out.add(null);
                continue;
              }
              doc.count(a.failure(), a.now());
              out.add(new Admitted(Admission.COUNTED, before));
            } else {
              if (doc == null) {
                doc = Incident.open(a.key(), a.failure(), a.now());
              }
              Admission admission =
                  doc.admit(a.failure(), a.now(), a.diagnosisTtl(), a.claimTimeout());
              out.add(new Admitted(admission, before));
              if (admission == Admission.CLAIMED) {
                // Not counted yet: record() counts it once the investigation is done.
                changed = true;
                continue;
              }
            }
            tx.set(names.get(i), EventRecords.record(doc.finding().fingerprint(), a.now(), ttl()));
            changed = true;
          }
          if (changed) {
            tx.set(incident, IncidentDocument.data(doc));
          }
          return out;
        });
  }

  @Override
  public Finding record(IncidentKey key, PullFailure failure, Verdict verdict, Instant now) {
    String incident = incident(key.fingerprint());
    String event = event(failure.eventId());
    // In the lane's turn, so that the verdict is spaced like the occurrences' batches.
    return lanes.alone(incident, () -> recordNow(key, failure, verdict, now, incident, event));
  }

  private Finding recordNow(
      IncidentKey key,
      PullFailure failure,
      Verdict verdict,
      Instant now,
      String incident,
      String event) {
    return transactions.run(
        tx -> {
          List<Snapshot> read = tx.getAll(event, incident);
          Snapshot found = read.get(1);
          Incident doc =
              found.exists()
                  ? IncidentDocument.incident(found.id(), found.data())
                  : Incident.open(key, failure, now);
          if (!read.get(0).exists()) {
            doc.count(failure, now);
            tx.set(event, EventRecords.record(key.fingerprint(), now, ttl()));
          }
          doc.record(verdict, failure.eventId(), now);
          tx.set(incident, IncidentDocument.data(doc));
          return doc.finding();
        });
  }

  @Override
  public void release(IncidentKey key, String eventId) {
    String incident = incident(key.fingerprint());
    lanes.alone(incident, () -> releaseNow(incident, eventId));
  }

  private Void releaseNow(String incident, String eventId) {
    return transactions.run(
        tx -> {
          Snapshot found = tx.getAll(incident).get(0);
          if (found.exists()) {
            Incident doc = IncidentDocument.incident(found.id(), found.data());
            if (doc.release(eventId)) {
              tx.set(incident, IncidentDocument.data(doc));
            }
          }
          return null;
        });
  }

  /**
   * The newest incident listing the pod: a pod pulling from two repositories is in two. The query
   * is {@code podKeys array-contains KEY}, which the automatic single-field index serves ({@link
   * FirestoreQueries}).
   */
  Optional<String> incidentOfPod(ClusterRef cluster, String namespace, String pod) {
    String podKey = IncidentDocument.podKey(cluster, namespace, pod);
    StructuredQuery query =
        StructuredQuery.newBuilder()
            .addFrom(CollectionSelector.newBuilder().setCollectionId(settings.findingsCollection()))
            .setWhere(
                Filter.newBuilder()
                    .setFieldFilter(
                        FieldFilter.newBuilder()
                            .setField(
                                FieldReference.newBuilder().setFieldPath(IncidentDocument.POD_KEYS))
                            .setOp(FieldFilter.Operator.ARRAY_CONTAINS)
                            .setValue(FirestoreWire.value(podKey))))
            .setLimit(Int32Value.of(INCIDENTS_OF_A_POD))
            .build();
    return rpc.get().runQuery(query).stream()
        .max(
            Comparator.comparing(
                (Document d) -> lastSeen(d),
                Comparator.nullsFirst(
                    Comparator.comparingLong(Timestamp::getSeconds)
                        .thenComparingInt(Timestamp::getNanos))))
        .map(d -> FirestoreTarget.documentId(d.getName()));
  }

  private static Timestamp lastSeen(Document incident) {
    Value seen = incident.getFieldsOrDefault(IncidentDocument.LAST_SEEN, null);
    return seen != null && seen.hasTimestampValue() ? seen.getTimestampValue() : null;
  }

  @Override
  public Optional<Finding> get(String fingerprint) {
    String name = incident(fingerprint);
    Document found = rpc.get().batchGet(null, List.of(name)).get(name);
    return found == null
        ? Optional.empty()
        : Optional.of(IncidentDocument.finding(fingerprint, data(found)));
  }

  @Override
  public Page query(FindingQuery query) {
    return pages.get().query(query);
  }

  private Duration ttl() {
    return settings.eventRecordTtl();
  }

  private String incident(String fingerprint) {
    return rpc.get().target().documentPath(settings.findingsCollection(), fingerprint);
  }

  private String event(String eventId) {
    return rpc.get()
        .target()
        .documentPath(settings.eventsCollection(), EventRecords.documentId(eventId));
  }

  private static Map<String, Object> data(Document document) {
    return FirestoreWire.data(document.getFieldsMap());
  }
}
