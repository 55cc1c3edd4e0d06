package dev.pulldoctor;

import dev.pulldoctor.domain.Admission;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.Incident;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.IncidentRepository;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The function's incidents in memory, for the handler's tests: one lock stands for Firestore's
 * transactions, a set of event ids for the event records, and every change goes through {@link
 * Incident}, as the Firestore adapter's does. It counts the calls the handler makes.
 */
public final class InMemoryIncidents implements IncidentRepository {
  private final Map<String, Incident> incidents = new LinkedHashMap<>();
  private final Set<String> processed = new HashSet<>();
  private final Map<String, Integer> calls = new TreeMap<>();

  @Override
  public synchronized Admitted admit(
      IncidentKey key,
      PullFailure failure,
      Instant now,
      Duration diagnosisTtl,
      Duration claimTimeout) {
    call("admit");
    Incident incident = incidents.get(key.fingerprint());
    Finding before = incident == null ? null : incident.finding();
    if (processed.contains(failure.eventId())) {
      return new Admitted(Admission.DUPLICATE, before);
    }
    if (incident == null) {
      incident = Incident.open(key, failure, now);
      incidents.put(key.fingerprint(), incident);
    }
    Admission a = incident.admit(failure, now, diagnosisTtl, claimTimeout);
    if (a == Admission.COUNTED) {
      processed.add(failure.eventId());
    }
    return new Admitted(a, before);
  }

  @Override
  public synchronized Finding record(
      IncidentKey key, PullFailure failure, Verdict verdict, Instant now) {
    call("record");
    Incident incident =
        incidents.computeIfAbsent(key.fingerprint(), k -> Incident.open(key, failure, now));
    if (processed.add(failure.eventId())) {
      incident.count(failure, now);
    }
    incident.record(verdict, failure.eventId(), now);
    return incident.finding();
  }

  @Override
  public synchronized void release(IncidentKey key, String eventId) {
    call("release");
    Incident incident = incidents.get(key.fingerprint());
    if (incident != null) {
      incident.release(eventId);
    }
  }

  @Override
  public synchronized boolean countFollowOn(PullFailure failure, Instant now) {
    call("countFollowOn");
    String pod = failure.namespace() + "/" + failure.pod();
    Optional<Incident> holder =
        incidents.values().stream()
            .filter(i -> i.finding().cluster().equals(failure.cluster().toString()))
            .filter(i -> i.finding().pods().contains(pod))
            .reduce((first, second) -> second);
    if (holder.isEmpty()) {
      return false;
    }
    if (processed.add(failure.eventId())) {
      holder.get().count(failure, now);
    }
    return true;
  }

  /** The incidents' findings, in the order they opened. */
  public synchronized List<Finding> findings() {
    return incidents.values().stream().map(Incident::finding).toList();
  }

  /** Whether any incident is claimed. */
  public synchronized boolean anyClaimed() {
    return incidents.values().stream().anyMatch(i -> i.claim() != null);
  }

  /** Calls by method name. */
  public synchronized Map<String, Integer> calls() {
    return Map.copyOf(calls);
  }

  private void call(String method) {
    calls.merge(method, 1, Integer::sum);
  }
}
