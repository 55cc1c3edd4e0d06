package dev.pulldoctor;

import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.report.FindingStores;
import dev.pulldoctor.report.FirestoreCalls;
import dev.pulldoctor.report.StructuredLog;
import dev.pulldoctor.setup.Config;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The function wired from the environment exactly as its no-argument constructor wires it, except
 * that the Firestore store passes through {@code decorate} first (the benchmark counts its
 * transactions) and the log goes where the caller says.
 */
public final class WiredFunction {
  private WiredFunction() {}

  public static PullDoctorFunction fromEnvironment(
      UnaryOperator<IncidentRepository> decorate, StructuredLog log) {
    return fromEnvironment(decorate, FirestoreCalls.NONE, log);
  }

  /**
   * The same, telling {@code calls} of every call the store makes to Firestore: a storm's instances
   * share one, which counts each document's writes from all of them.
   */
  public static PullDoctorFunction fromEnvironment(
      UnaryOperator<IncidentRepository> decorate, FirestoreCalls calls, StructuredLog log) {
    Config config = Config.fromEnvironment();
    IncidentRepository store =
        decorate.apply(FindingStores.incidents(config.store(), System.getenv(), calls));
    return new PullDoctorFunction(
        Wiring.handler(config, log, store), log, config.maxEventAge(), Clock.systemUTC());
  }
}
