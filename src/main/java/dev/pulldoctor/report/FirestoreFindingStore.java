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
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.report.FirestoreTransactions.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link FindingStore} over Firestore. Every change is one transaction that reads the event record
 * and the incident, then writes both: Firestore aborts it when another instance changed those
 * documents meanwhile, and it runs again, so no occurrence is lost and none is counted twice
 * (https://cloud.google.com/firestore/docs/manage-data/transactions).
 *
 * <p>What the function calls goes over Firestore's gRPC API directly ({@link FirestoreRpc}), which
 * keeps the high-level client's classes out of its cold start; only {@link #query}, for the
 * dashboard and the CLI, builds that client, on first use.
 */
final class FirestoreFindingStore implements FindingStore {
  /**
   * Attempts per transaction, above the high-level client's default of 5: a burst of events for one
   * incident contends on one document, and a transaction that gives up costs a redelivery. Attempts
   * back off for up to 250 ms, then up to 1 s, so the function's timeout bounds this first.
   */
  private static final int TRANSACTION_ATTEMPTS = 10;

  /** A pod is listed by one incident, rarely a few (one per repository it pulls from). */
  private static final int INCIDENTS_OF_A_POD = 10;

  private final Supplier<FirestoreRpc> rpc;
  private final FirestoreTransactions transactions;
  private final Supplier<FirestoreFindingPages> pages;
  private final String findingsCollection;
  private final String eventsCollection;

  FirestoreFindingStore(
      Supplier<FirestoreRpc> rpc,
      Supplier<FirestoreFindingPages> pages,
      String findingsCollection,
      String eventsCollection) {
    this.rpc = rpc;
    this.transactions = new FirestoreTransactions(rpc, TRANSACTION_ATTEMPTS);
    this.pages = pages;
    this.findingsCollection = findingsCollection;
    this.eventsCollection = eventsCollection;
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

  @Override
  public Admission admit(
      IncidentKey key,
      PullFailure failure,
      Instant now,
      Duration diagnosisTtl,
      Duration claimTimeout,
      Duration eventRecordTtl) {
    String incident = incident(key.fingerprint());
    String event = event(failure.eventId());
    return transactions.run(
        tx -> {
          List<Snapshot> read = tx.getAll(event, incident);
          if (read.get(0).exists()) {
            return Admission.DUPLICATE;
          }
          Snapshot found = read.get(1);
          IncidentDocument doc =
              found.exists()
                  ? IncidentDocument.of(found.id(), found.data())
                  : IncidentDocument.create(key, failure, now);
          if (found.exists()
              && (doc.diagnosedWithin(now, diagnosisTtl)
                  || doc.claimedByOther(failure.eventId(), now, claimTimeout))) {
            doc.count(failure, now);
            tx.set(event, EventRecords.record(key.fingerprint(), now, eventRecordTtl));
            tx.set(incident, doc.data());
            return Admission.COUNTED;
          }
          // Not counted yet: record() counts it once the investigation is done. The pod is listed
          // now, so that its cause-less follow-on events find the incident meanwhile.
          doc.addPod(failure);
          doc.claim(failure.eventId(), now);
          tx.set(incident, doc.data());
          return Admission.CLAIMED;
        });
  }

  @Override
  public Recorded record(
      IncidentKey key,
      PullFailure failure,
      Map<String, Object> fields,
      Instant now,
      Duration eventRecordTtl) {
    String incident = incident(key.fingerprint());
    String event = event(failure.eventId());
    return transactions.run(
        tx -> {
          List<Snapshot> read = tx.getAll(event, incident);
          Snapshot found = read.get(1);
          IncidentDocument doc =
              found.exists()
                  ? IncidentDocument.of(found.id(), found.data())
                  : IncidentDocument.create(key, failure, now);
          Finding before = found.exists() ? doc.toFinding() : null;
          if (!read.get(0).exists()) {
            doc.count(failure, now);
            tx.set(event, EventRecords.record(key.fingerprint(), now, eventRecordTtl));
          }
          doc.diagnose(fields, now);
          // Only its own claim: one that another event took over after a timeout stays with it.
          if (failure.eventId().equals(doc.claimedBy())) {
            doc.clearClaim();
          }
          tx.set(incident, doc.data());
          return new Recorded(before, doc.toFinding());
        });
  }

  @Override
  public void release(IncidentKey key, String eventId) {
    String incident = incident(key.fingerprint());
    transactions.run(
        tx -> {
          Snapshot found = tx.getAll(incident).get(0);
          if (found.exists()) {
            IncidentDocument doc = IncidentDocument.of(found.id(), found.data());
            if (eventId.equals(doc.claimedBy())) {
              doc.clearClaim();
              tx.set(incident, doc.data());
            }
          }
          return null;
        });
  }

  @Override
  public boolean countFollowOn(PullFailure failure, Instant now, Duration eventRecordTtl) {
    Optional<String> fingerprint =
        incidentOfPod(failure.cluster(), failure.namespace(), failure.pod());
    if (fingerprint.isEmpty()) {
      return false;
    }
    String incident = incident(fingerprint.get());
    String event = event(failure.eventId());
    return transactions.run(
        tx -> {
          List<Snapshot> read = tx.getAll(event, incident);
          if (read.get(0).exists()) {
            return true;
          }
          Snapshot found = read.get(1);
          if (!found.exists()) {
            return false;
          }
          IncidentDocument doc = IncidentDocument.of(found.id(), found.data());
          doc.count(failure, now);
          tx.set(event, EventRecords.record(found.id(), now, eventRecordTtl));
          tx.set(incident, doc.data());
          return true;
        });
  }

  /**
   * The newest incident listing the pod: a pod pulling from two repositories is in two. The query
   * is {@code podKeys array-contains KEY}, which the automatic single-field index serves ({@link
   * FirestoreQueries}).
   */
  @Override
  public Optional<String> incidentOfPod(ClusterRef cluster, String namespace, String pod) {
    String podKey = IncidentDocument.podKey(cluster, namespace, pod);
    StructuredQuery query =
        StructuredQuery.newBuilder()
            .addFrom(CollectionSelector.newBuilder().setCollectionId(findingsCollection))
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
        : Optional.of(IncidentDocument.of(fingerprint, data(found)).toFinding());
  }

  @Override
  public Page query(FindingQuery query) {
    return pages.get().query(query);
  }

  private String incident(String fingerprint) {
    return rpc.get().target().documentPath(findingsCollection, fingerprint);
  }

  private String event(String eventId) {
    return rpc.get().target().documentPath(eventsCollection, EventRecords.documentId(eventId));
  }

  private static Map<String, Object> data(Document document) {
    return FirestoreWire.data(document.getFieldsMap());
  }
}
