package dev.pulldoctor.bench;

import dev.pulldoctor.Config;
import dev.pulldoctor.gcp.GcpDirectories;
import dev.pulldoctor.gcp.GoogleClients;
import io.cloudevents.CloudEvent;

/** Experiment: the raw Firestore hello plus building the investigation's gax clients. */
public final class GaxClientsHelloFunction
    implements com.google.cloud.functions.CloudEventsFunction {
  private final RawFirestoreHelloFunction raw = new RawFirestoreHelloFunction();
  private GcpDirectories gcp;

  @Override
  public synchronized void accept(CloudEvent event) throws Exception {
    if (gcp == null) {
      Config config = Config.fromEnvironment();
      gcp = new GcpDirectories(GoogleClients.fromConfig(config), config.apiDeadline());
      gcp.openInvestigationClients();
    }
    raw.accept(event);
  }
}
