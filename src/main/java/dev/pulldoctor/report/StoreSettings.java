package dev.pulldoctor.report;

import java.time.Duration;

/**
 * What the Firestore adapter needs to know of the function's settings.
 *
 * @param database the Firestore database, {@code (default)} unless named
 * @param findingsCollection one document per incident
 * @param eventsCollection one document per processed event, deleted by a TTL policy
 * @param eventRecordTtl how long a processed event is remembered
 * @param apiDeadline the bound of each call
 * @param incidentWriteInterval the least time between two writes of one incident's occurrences from
 *     this instance: {@link #SUSTAINED_WRITE_INTERVAL} but in tests (docs/incidents.md)
 */
public record StoreSettings(
    String database,
    String findingsCollection,
    String eventsCollection,
    Duration eventRecordTtl,
    Duration apiDeadline,
    Duration incidentWriteInterval) {

  /** Firestore's sustained rate on one document: about one write a second (docs/incidents.md). */
  public static final Duration SUSTAINED_WRITE_INTERVAL = Duration.ofSeconds(1);

  public StoreSettings {
    if (database == null || findingsCollection == null || eventsCollection == null) {
      throw new IllegalArgumentException("the database and both collections are required");
    }
    if (eventRecordTtl == null || apiDeadline == null) {
      throw new IllegalArgumentException("the event record TTL and the API deadline are required");
    }
    incidentWriteInterval =
        incidentWriteInterval == null ? SUSTAINED_WRITE_INTERVAL : incidentWriteInterval;
  }

  /** The same settings, writing an incident at most once per {@code interval}: for tests. */
  public StoreSettings withIncidentWriteInterval(Duration interval) {
    return new StoreSettings(
        database, findingsCollection, eventsCollection, eventRecordTtl, apiDeadline, interval);
  }
}
