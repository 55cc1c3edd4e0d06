package dev.pulldoctor.report;

import com.google.cloud.ServiceOptions;
import java.util.Map;

/**
 * The Firestore database the store talks to: the emulator at {@code emulatorHost} when {@code
 * FIRESTORE_EMULATOR_HOST} is set, otherwise Firestore itself; the project and database as {@link
 * FindingStores#options} chooses them for the high-level client, so both reach the same data.
 */
record FirestoreTarget(String emulatorHost, String project, String database) {

  /**
   * The target of {@code database} in the project {@code env} names. The project comes from {@code
   * GOOGLE_CLOUD_PROJECT}, or is the emulator's demo project, or is discovered from the credentials
   * or the metadata server (as on Cloud Run).
   *
   * @throws IllegalStateException when no project can be found, in one line that says what to set
   */
  static FirestoreTarget of(String database, Map<String, String> env) {
    String project = namedProject(env);
    return new FirestoreTarget(
        emulatorHost(env), project != null ? project : discoveredProject(), database);
  }

  /** The emulator {@code FIRESTORE_EMULATOR_HOST} names, or null. */
  static String emulatorHost(Map<String, String> env) {
    return blankToNull(env.get("FIRESTORE_EMULATOR_HOST"));
  }

  /**
   * The project {@code env} names: {@code GOOGLE_CLOUD_PROJECT}, else the emulator's demo project
   * when there is an emulator; null when it has to be discovered.
   */
  static String namedProject(Map<String, String> env) {
    String project = blankToNull(env.get("GOOGLE_CLOUD_PROJECT"));
    if (project == null && emulatorHost(env) != null) {
      return FindingStores.EMULATOR_PROJECT;
    }
    return project;
  }

  /** {@code projects/P/databases/D}, the {@code database} of every request. */
  String databasePath() {
    return "projects/" + project + "/databases/" + database;
  }

  /** The parent of every collection: {@code projects/P/databases/D/documents}. */
  String documentsPath() {
    return databasePath() + "/documents";
  }

  /** The resource name of document {@code id} in {@code collection}. */
  String documentPath(String collection, String id) {
    return documentsPath() + "/" + collection + "/" + id;
  }

  /** The id of a document from its resource name: the part after the last slash. */
  static String documentId(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  private static String discoveredProject() {
    String project = ServiceOptions.getDefaultProjectId();
    if (project == null || project.isBlank()) {
      throw new IllegalStateException(
          "no Google Cloud project for Firestore: set GOOGLE_CLOUD_PROJECT (or"
              + " FIRESTORE_EMULATOR_HOST for the emulator)");
    }
    return project;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
