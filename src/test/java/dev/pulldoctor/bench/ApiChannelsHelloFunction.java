package dev.pulldoctor.bench;

import dev.pulldoctor.gcp.GcpDirectories;
import dev.pulldoctor.gcp.GoogleClients;
import dev.pulldoctor.setup.Config;
import io.cloudevents.CloudEvent;

/**
 * The raw Firestore hello, plus opening what Pull Doctor's warm-up opens for the investigation (the
 * API channels and the first event's method stubs), without calling an API: with {@code
 * --decompose}, the step between the two hellos and Pull Doctor.
 */
public final class ApiChannelsHelloFunction
    implements com.google.cloud.functions.CloudEventsFunction {
  private final RawFirestoreHelloFunction raw = new RawFirestoreHelloFunction();
  private GcpDirectories gcp;

  @Override
  public synchronized void accept(CloudEvent event) throws Exception {
    if (gcp == null) {
      Config config = Config.fromEnvironment();
      gcp = new GcpDirectories(GoogleClients.from(config.gcp()), config.apiDeadline());
      gcp.openInvestigationClients();
    }
    raw.accept(event);
  }
}
