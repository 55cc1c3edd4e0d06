package dev.pulldoctor.report;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import dev.pulldoctor.domain.Finding;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Writes whole {@link Finding}s into Firestore as the adapter stores them (one field per record
 * component, plus the pod keys the adapter keeps), to fill the emulator with a fleet's incidents
 * for the dashboard's tests and benchmark.
 */
public final class StoredFindings {
  private StoredFindings() {}

  public static void write(Firestore client, String collection, List<Finding> findings)
      throws ExecutionException, InterruptedException {
    for (int from = 0; from < findings.size(); from += 400) {
      WriteBatch batch = client.batch();
      for (Finding f : findings.subList(from, Math.min(findings.size(), from + 400))) {
        batch.set(client.collection(collection).document(f.fingerprint()), document(f));
      }
      batch.commit().get();
    }
  }

  static Map<String, Object> document(Finding f) {
    Map<String, Object> doc = new LinkedHashMap<>();
    for (RecordComponent c : Finding.class.getRecordComponents()) {
      try {
        Object value = c.getAccessor().invoke(f);
        doc.put(
            c.getName(),
            FirestoreValues.toFirestore(value instanceof Enum<?> e ? e.name() : value));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    List<String> podKeys = new ArrayList<>();
    for (String pod : f.pods()) {
      podKeys.add(f.cluster() + "|" + pod);
    }
    doc.put(IncidentDocument.POD_KEYS, podKeys);
    doc.put(IncidentDocument.CLAIMED_BY, null);
    doc.put(IncidentDocument.CLAIMED_AT, null);
    return doc;
  }
}
