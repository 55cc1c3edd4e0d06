package dev.pulldoctor.report;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.gcp.Lazy;
import dev.pulldoctor.remediate.GrantAllowance;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds the Firestore adapters: the incidents the function writes, and the findings the dashboard
 * and the CLI read.
 */
public final class FindingStores {
  private FindingStores() {}

  /** The project the Firestore emulator is given when no {@code GOOGLE_CLOUD_PROJECT} is set. */
  public static final String EMULATOR_PROJECT = "demo-pull-doctor";

  /**
   * The incidents in the Firestore database {@code settings} names: the emulator when {@code
   * FIRESTORE_EMULATOR_HOST} is set, otherwise Firestore itself with Application Default
   * Credentials. Nothing connects until first use (or {@link IncidentRepository#open}), so a cold
   * start that needs no Firestore pays nothing for it.
   */
  public static IncidentRepository incidents(StoreSettings settings) {
    return incidents(settings, System.getenv());
  }

  /** The same for the environment {@code env}, such as the one of a test's emulator. */
  public static IncidentRepository incidents(StoreSettings settings, Map<String, String> env) {
    return incidents(settings, env, FirestoreCalls.NONE);
  }

  /**
   * The same, telling {@code calls} of every call it makes to Firestore: the benchmark counts the
   * writes of each document there.
   */
  public static IncidentRepository incidents(
      StoreSettings settings, Map<String, String> env, FirestoreCalls calls) {
    // Not via the high-level client: a lambda typed with the client's interface would load it.
    return store(settings, env, () -> new FirestoreFindingPages(settings, env), calls);
  }

  /** The findings in the database {@code settings} names, for the dashboard and the CLI. */
  public static FindingStore findings(StoreSettings settings) {
    return findings(settings, System.getenv());
  }

  /** The same for the environment {@code env}. */
  public static FindingStore findings(StoreSettings settings, Map<String, String> env) {
    return store(
        settings, env, () -> new FirestoreFindingPages(settings, env), FirestoreCalls.NONE);
  }

  /**
   * The findings on the database {@code env} and {@code settings} name, whose pages ({@link
   * FindingStore#query}) come from {@code client}, such as a test's shared client.
   */
  public static FindingStore findings(
      StoreSettings settings, Map<String, String> env, Supplier<Firestore> client) {
    return store(
        settings,
        env,
        () -> new FirestoreFindingPages(client, settings.findingsCollection()),
        FirestoreCalls.NONE);
  }

  private static FirestoreFindingStore store(
      StoreSettings settings,
      Map<String, String> env,
      Supplier<FirestoreFindingPages> pages,
      FirestoreCalls calls) {
    return adapter(settings, env, pages, calls, settings.incidentWriteInterval());
  }

  /** Both sides on {@code client}'s pages, writing each incident at most once per interval. */
  static FirestoreFindingStore store(
      StoreSettings settings,
      Map<String, String> env,
      Supplier<Firestore> client,
      FirestoreCalls calls,
      java.time.Duration writeInterval) {
    return adapter(
        settings,
        env,
        () -> new FirestoreFindingPages(client, settings.findingsCollection()),
        calls,
        writeInterval);
  }

  private static FirestoreFindingStore adapter(
      StoreSettings settings,
      Map<String, String> env,
      Supplier<FirestoreFindingPages> pages,
      FirestoreCalls calls,
      java.time.Duration writeInterval) {
    return new FirestoreFindingStore(
        new Lazy<>(
            () ->
                FirestoreRpc.open(
                    FirestoreTarget.of(settings.database(), env), settings.apiDeadline(), calls)),
        new Lazy<>(pages),
        settings,
        writeInterval);
  }

  /**
   * The hourly allowance of remediation grants ({@code REMEDIATION_MAX_PER_HOUR}) counted in the
   * Firestore database {@code settings} and {@code env} name, shared by every instance. Nothing
   * connects until the first grant asks.
   */
  public static GrantAllowance grantAllowance(
      StoreSettings settings, int maxPerHour, Map<String, String> env, Clock clock) {
    return new FirestoreGrantAllowance(
        new Lazy<>(
            () ->
                FirestoreRpc.open(
                    FirestoreTarget.of(settings.database(), env), settings.apiDeadline())),
        settings.eventsCollection(),
        maxPerHour,
        clock);
  }

  /**
   * The client settings for {@code env}. With {@code FIRESTORE_EMULATOR_HOST} the client talks
   * plain text to the emulator with fake credentials (it would read the variable itself; passing it
   * makes {@code env} the only input). The project comes from {@code GOOGLE_CLOUD_PROJECT}, or is
   * the emulator's demo project; otherwise the client finds it from the credentials or the metadata
   * server, as on Cloud Run. Setting it whenever it is known spares that look-up.
   */
  public static FirestoreOptions options(StoreSettings settings, Map<String, String> env) {
    FirestoreOptions.Builder builder =
        FirestoreOptions.newBuilder().setDatabaseId(settings.database());
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
