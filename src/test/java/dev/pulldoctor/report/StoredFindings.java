package dev.pulldoctor.report;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.Incident;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Writes whole {@link Finding}s into Firestore as the adapter stores them ({@link
 * IncidentDocument}), to fill the emulator with a fleet's incidents for the dashboard's tests and
 * benchmark.
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

  /** The document the adapter keeps for {@code f}, unclaimed. */
  static Map<String, Object> document(Finding f) {
    return IncidentDocument.data(Incident.restore(f, null));
  }
}
