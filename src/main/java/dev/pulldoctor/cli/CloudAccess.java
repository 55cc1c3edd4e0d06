package dev.pulldoctor.cli;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.ServiceOptions;
import dev.pulldoctor.report.FindingStore;
import dev.pulldoctor.report.FindingStores;
import dev.pulldoctor.setup.Config;
import java.io.IOException;

/**
 * What a command needs before it talks to real Google Cloud, checked up front: without Application
 * Default Credentials (or a project, for Firestore) every call would fail later, one by one, behind
 * a stack trace; here it is one line that says what to do.
 */
final class CloudAccess {
  private CloudAccess() {}

  /** Fails with one line unless Application Default Credentials exist; names the way out. */
  static void requireCredentials(String orElse) {
    try {
      GoogleCredentials.getApplicationDefault();
    } catch (IOException e) {
      throw new OneLineErrors.BadInput(
          "no Google Cloud credentials: run 'gcloud auth"
              + " application-default login' (or set GOOGLE_APPLICATION_CREDENTIALS), or "
              + orElse);
    }
  }

  /** The findings store: the emulator when FIRESTORE_EMULATOR_HOST is set, else Firestore. */
  static FindingStore findingStore() {
    String emulator = System.getenv("FIRESTORE_EMULATOR_HOST");
    if (emulator == null || emulator.isBlank()) {
      requireCredentials("set FIRESTORE_EMULATOR_HOST to read the emulator");
      String project = System.getenv("GOOGLE_CLOUD_PROJECT");
      if ((project == null || project.isBlank()) && ServiceOptions.getDefaultProjectId() == null) {
        throw new OneLineErrors.BadInput(
            "no Google Cloud project for Firestore: set"
                + " GOOGLE_CLOUD_PROJECT (or FIRESTORE_EMULATOR_HOST for the emulator)");
      }
    }
    return FindingStores.findings(Config.fromEnvironment().store());
  }
}
