package dev.pulldoctor.report;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import dev.pulldoctor.Config;
import dev.pulldoctor.gcp.Lazy;
import dev.pulldoctor.remediate.GrantAllowance;
import java.time.Clock;
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
   * Credentials. Nothing connects until first use (or {@link FindingStore#open}), so a cold start
   * that needs no Firestore pays nothing for it.
   */
  public static FindingStore firestore(Config config) {
    return firestore(config, System.getenv());
  }

  /** The same for the environment {@code env}, such as the one of a test's emulator. */
  public static FindingStore firestore(Config config, Map<String, String> env) {
    // Not firestore(config, env, client): a lambda typed with the client's interface would load it.
    return store(config, env, () -> new FirestoreFindingPages(config, env));
  }

  /**
   * The store on the database {@code env} and {@code config} name, whose pages of findings ({@link
   * FindingStore#query}) come from {@code client}, such as a test's shared client. {@code client}
   * is asked for only then: the function's own calls speak Firestore's gRPC API directly.
   */
  public static FindingStore firestore(
      Config config, Map<String, String> env, Supplier<Firestore> client) {
    return store(config, env, () -> new FirestoreFindingPages(client, config));
  }

  private static FindingStore store(
      Config config, Map<String, String> env, Supplier<FirestoreFindingPages> pages) {
    return new FirestoreFindingStore(
        new Lazy<>(() -> FirestoreRpc.open(FirestoreTarget.of(config, env), config.apiDeadline())),
        new Lazy<>(pages),
        config.findingsCollection(),
        config.eventsCollection());
  }

  /**
   * The hourly allowance of remediation grants ({@code REMEDIATION_MAX_PER_HOUR}) counted in the
   * Firestore database {@code config} and {@code env} name, shared by every instance. Nothing
   * connects until the first grant asks.
   */
  public static GrantAllowance grantAllowance(Config config, Map<String, String> env, Clock clock) {
    return new FirestoreGrantAllowance(
        new Lazy<>(() -> FirestoreRpc.open(FirestoreTarget.of(config, env), config.apiDeadline())),
        config.eventsCollection(),
        config.remediationMaxPerHour(),
        clock);
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
    String emulator = FirestoreTarget.emulatorHost(env);
    if (emulator != null) {
      builder.setEmulatorHost(emulator);
    }
    String project = FirestoreTarget.namedProject(env);
    if (project != null) {
      builder.setProjectId(project);
    }
    return builder.build();
  }
}
