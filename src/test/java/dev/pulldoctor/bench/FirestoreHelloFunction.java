package dev.pulldoctor.bench;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.functions.CloudEventsFunction;
import dev.pulldoctor.report.FindingStores;
import dev.pulldoctor.setup.Config;
import io.cloudevents.CloudEvent;
import java.util.Map;

/**
 * A function that does only what any Firestore-writing function must: build the Firestore client
 * (with Pull Doctor's settings) and commit one read-write transaction per event. Its cold start is
 * the floor under Pull Doctor's, between the hello function's and Pull Doctor's own.
 */
public final class FirestoreHelloFunction implements CloudEventsFunction {
  private Firestore firestore;

  @Override
  public synchronized void accept(CloudEvent event) throws Exception {
    if (firestore == null) {
      firestore =
          FindingStores.options(Config.fromEnvironment().store(), System.getenv()).getService();
    }
    DocumentReference doc = firestore.collection("benchHello").document(event.getId());
    firestore
        .runTransaction(
            tx -> {
              tx.get(doc).get();
              tx.set(doc, Map.of("type", event.getType()));
              return null;
            })
        .get();
  }
}
