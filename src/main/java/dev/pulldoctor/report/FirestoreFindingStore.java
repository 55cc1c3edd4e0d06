package dev.pulldoctor.report;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.Transaction;
import com.google.cloud.firestore.TransactionOptions;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.PullFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * {@link FindingStore} over Firestore. Every change is one transaction that reads the event record
 * and the incident, then writes both: Firestore runs it again when another instance changed those
 * documents meanwhile, so no occurrence is lost and none is counted twice
 * (https://cloud.google.com/firestore/docs/manage-data/transactions).
 */
final class FirestoreFindingStore implements FindingStore {
  /**
   * Attempts per transaction, above the client's default of 5: a burst of events for one incident
   * contends on one document, and a transaction that gives up costs a redelivery. The client backs
   * off between attempts (from 1 s, doubling), so the function's timeout bounds this first.
   */
  private static final int TRANSACTION_ATTEMPTS = 10;

  private final Supplier<Firestore> firestore;
  private final String findingsCollection;
  private final String eventsCollection;

  FirestoreFindingStore(
      Supplier<Firestore> firestore, String findingsCollection, String eventsCollection) {
    this.firestore = firestore;
    this.findingsCollection = findingsCollection;
    this.eventsCollection = eventsCollection;
  }

  @Override
  public void open() {
    firestore.get();
  }

  @Override
  public Admission admit(
      IncidentKey key,
      PullFailure failure,
      Instant now,
      Duration diagnosisTtl,
      Duration claimTimeout,
      Duration eventRecordTtl) {
    DocumentReference incident = findings().document(key.fingerprint());
    DocumentReference event = event(failure.eventId());
    return inTransaction(
        tx -> {
          List<DocumentSnapshot> read = await(tx.getAll(event, incident));
          if (read.get(0).exists()) {
            return Admission.DUPLICATE;
          }
          DocumentSnapshot found = read.get(1);
          IncidentDocument doc =
              found.exists()
                  ? IncidentDocument.of(found.getId(), found.getData())
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
    DocumentReference incident = findings().document(key.fingerprint());
    DocumentReference event = event(failure.eventId());
    return inTransaction(
        tx -> {
          List<DocumentSnapshot> read = await(tx.getAll(event, incident));
          DocumentSnapshot found = read.get(1);
          IncidentDocument doc =
              found.exists()
                  ? IncidentDocument.of(found.getId(), found.getData())
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
    DocumentReference incident = findings().document(key.fingerprint());
    inTransaction(
        tx -> {
          DocumentSnapshot found = await(tx.get(incident));
          if (found.exists()) {
            IncidentDocument doc = IncidentDocument.of(found.getId(), found.getData());
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
    DocumentReference incident = findings().document(fingerprint.get());
    DocumentReference event = event(failure.eventId());
    return inTransaction(
        tx -> {
          List<DocumentSnapshot> read = await(tx.getAll(event, incident));
          if (read.get(0).exists()) {
            return true;
          }
          DocumentSnapshot found = read.get(1);
          if (!found.exists()) {
            return false;
          }
          IncidentDocument doc = IncidentDocument.of(found.getId(), found.getData());
          doc.count(failure, now);
          tx.set(event, EventRecords.record(found.getId(), now, eventRecordTtl));
          tx.set(incident, doc.data());
          return true;
        });
  }

  /** The newest incident listing the pod: a pod pulling from two repositories is in two. */
  @Override
  public Optional<String> incidentOfPod(ClusterRef cluster, String namespace, String pod) {
    String podKey = IncidentDocument.podKey(cluster, namespace, pod);
    List<QueryDocumentSnapshot> found =
        await(FirestoreQueries.incidentsOfPod(findings(), podKey).get()).getDocuments();
    return found.stream()
        .max(
            Comparator.comparing(
                (QueryDocumentSnapshot d) -> d.getTimestamp(FirestoreQueries.LAST_SEEN),
                Comparator.nullsFirst(Comparator.naturalOrder())))
        .map(DocumentSnapshot::getId);
  }

  @Override
  public Optional<Finding> get(String fingerprint) {
    DocumentSnapshot found = await(findings().document(fingerprint).get());
    return found.exists()
        ? Optional.of(IncidentDocument.of(found.getId(), found.getData()).toFinding())
        : Optional.empty();
  }

  @Override
  public Page query(FindingQuery query) {
    List<QueryDocumentSnapshot> found =
        await(FirestoreQueries.findings(findings(), query).get()).getDocuments();
    List<QueryDocumentSnapshot> page = found.subList(0, Math.min(found.size(), query.limit()));
    String next =
        found.size() > query.limit() ? FirestoreQueries.pageToken(page.get(page.size() - 1)) : null;
    return new Page(
        page.stream().map(d -> IncidentDocument.of(d.getId(), d.getData()).toFinding()).toList(),
        next);
  }

  private CollectionReference findings() {
    return firestore.get().collection(findingsCollection);
  }

  private DocumentReference event(String eventId) {
    return firestore.get().collection(eventsCollection).document(EventRecords.documentId(eventId));
  }

  private <T> T inTransaction(Transaction.Function<T> work) {
    return await(
        firestore
            .get()
            .runTransaction(
                work,
                TransactionOptions.createReadWriteOptionsBuilder()
                    .setNumberOfAttempts(TRANSACTION_ATTEMPTS)
                    .build()));
  }

  /**
   * The result of {@code future}; a failure is rethrown as the client's own exception (a {@code
   * FirestoreException} or gax {@code ApiException} with its status code), so that the caller can
   * tell a transient error, which must make the event be redelivered, from the rest.
   */
  private static <T> T await(ApiFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Firestore", e);
    }
  }
}
