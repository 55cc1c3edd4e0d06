package dev.pulldoctor;

import com.google.cloud.ServiceOptions;
import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.gcp.GoogleClients;
import dev.pulldoctor.remediate.GrantAllowance;
import dev.pulldoctor.remediate.HourlyLimit;
import dev.pulldoctor.report.ErrorReporter;
import dev.pulldoctor.report.FindingStores;
import dev.pulldoctor.report.Reporters;
import dev.pulldoctor.report.StructuredLog;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import java.time.Clock;
import java.util.Map;

/**
 * Builds the production collaborators of the function from its settings. Nothing here calls a
 * Google API: the clients the first event needs are opened on background threads while the
 * Functions Framework starts ({@link WarmUp}); any other is created on first use.
 */
final class Wiring {
  private Wiring() {}

  static PullFailureHandler handler(Config config, StructuredLog log) {
    return handler(config, log, FindingStores.incidents(config.store()));
  }

  /** The same, over {@code store}: the benchmark counts the Firestore calls of its own. */
  static PullFailureHandler handler(Config config, StructuredLog log, IncidentRepository store) {
    Clock clock = Clock.systemUTC();
    Engine engine = new Engine(config, GoogleClients.from(config.gcp()), clock);
    WarmUp.open(
        Map.of("firestore", store::open, "google-apis", engine.gcp()::openInvestigationClients),
        log);
    return handler(
        config,
        engine,
        store,
        FindingStores.grantAllowance(
            config.store(), config.remediationMaxPerHour(), System.getenv(), clock),
        hostProject(),
        log,
        clock);
  }

  /**
   * The one place the handler is assembled: over {@code engine}'s adapters, {@code store}, and
   * Error Reporting in {@code hostProject} when {@code ERROR_REPORTING} is on. Tests pass an engine
   * on the sandbox and a store on the emulator.
   */
  static PullFailureHandler handler(
      Config config,
      Engine engine,
      IncidentRepository store,
      String hostProject,
      StructuredLog log,
      Clock clock) {
    return handler(
        config,
        engine,
        store,
        new HourlyLimit(config.remediationMaxPerHour(), clock),
        hostProject,
        log,
        clock);
  }

  /**
   * The same, with the hourly cap of grants counted by {@code allowance}: in production, in
   * Firestore across instances; the overload above counts in this process, for tests of one
   * instance.
   */
  static PullFailureHandler handler(
      Config config,
      Engine engine,
      IncidentRepository store,
      GrantAllowance allowance,
      String hostProject,
      StructuredLog log,
      Clock clock) {
    ErrorReporter errors =
        config.errorReporting()
            ? Reporters.errorReporting(
                engine.gcp().reportErrors(), hostProject, config.serviceVersion())
            : ErrorReporter.OFF;
    return new IncidentHandler(
        store,
        engine.clusters(),
        engine.investigator(),
        engine.remediator(config, allowance),
        errors,
        log,
        config,
        clock);
  }

  /** Pull Doctor's own project, where its Error Reporting events belong. */
  private static String hostProject() {
    String project = System.getenv("GOOGLE_CLOUD_PROJECT");
    if (project == null || project.isBlank()) {
      project = ServiceOptions.getDefaultProjectId();
    }
    if (project == null || project.isBlank()) {
      throw new IllegalStateException(
          "GOOGLE_CLOUD_PROJECT is not set and the project cannot be"
              + " discovered; set it, or ERROR_REPORTING=off");
    }
    return project;
  }
}
