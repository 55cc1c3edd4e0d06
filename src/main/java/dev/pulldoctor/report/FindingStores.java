package dev.pulldoctor.report;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import dev.pulldoctor.Config;
import java.util.Map;
import java.util.function.Supplier;

/** Builds the {@link FindingStore} the function and the CLI use. */
public final class FindingStores {
  private FindingStores() {}

  /** The project the Firestore emulator is given when no {@code GOOGLE_CLOUD_PROJECT} is set. */
  public static final String EMULATOR_PROJECT = "demo-pull-doctor";

  /**
   * The store in the Firestore database {@code config} names: the emulator when {@code
   * FIRESTORE_EMULATOR_HOST} is set, otherwise Firestore itself with Application Default
   * Credentials. The client is built on first use, so a cold start that needs no Firestore pays
   * nothing for it.
   */
  public static FindingStore firestore(Config config) {
    Map<String, String> env = System.getenv();
    return firestore(
        config, new dev.pulldoctor.gcp.Lazy<>(() -> options(config, env).getService()));
  }

  /** The store over a client of the caller's choosing, such as one on the emulator in a test. */
  public static FindingStore firestore(Config config, Supplier<Firestore> client) {
    return new FirestoreFindingStore(
        client, config.findingsCollection(), config.eventsCollection());
  }

  /**
   * The client settings for {@code env}. With {@code FIRESTORE_EMULATOR_HOST} the client talks
   * plain text to the emulator with fake credentials (it would read the variable itself; passing it
   * makes {@code env} the only input). The project comes from {@code GOOGLE_CLOUD_PROJECT}, or is
   * the emulator's demo project; otherwise the client finds it from the credentials or the metadata
   * server, as on Cloud Run. Setting it whenever it is known spares that look-up.
   */
  public static FirestoreOptions options(Config config, Map<String, String> env) {
    FirestoreOptions.Builder builder =
        FirestoreOptions.newBuilder().setDatabaseId(config.firestoreDatabase());
    String emulator = blankToNull(env.get("FIRESTORE_EMULATOR_HOST"));
    String project = blankToNull(env.get("GOOGLE_CLOUD_PROJECT"));
    if (emulator != null) {
      builder.setEmulatorHost(emulator);
      project = project == null ? EMULATOR_PROJECT : project;
    }
    if (project != null) {
      builder.setProjectId(project);
    }
    return builder.build();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
