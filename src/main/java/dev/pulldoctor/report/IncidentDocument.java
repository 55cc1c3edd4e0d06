package dev.pulldoctor.report;

import static dev.pulldoctor.report.FirestoreValues.instant;
import static dev.pulldoctor.report.FirestoreValues.timestamp;

import com.google.cloud.Timestamp;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RootCause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data of one {@code pullFindings/{fingerprint}} document, changed in memory inside a
 * transaction and then written whole.
 *
 * <p>Its fields are the components of {@link Finding}, flat so that the dashboard can filter and
 * sort on them, plus three that only the store uses: {@code claimedBy} and {@code claimedAt} (who
 * is investigating, since when) and {@code podKeys} ({@code CLUSTER|NAMESPACE/POD} for each of
 * {@code pods}, so that a follow-on event finds its incident with one array-contains query).
 */
final class IncidentDocument {
  static final String CLAIMED_BY = "claimedBy";
  static final String CLAIMED_AT = "claimedAt";
  static final String POD_KEYS = "podKeys";
  static final String LAST_SEEN = "lastSeen";

  /** Fields only the store writes; a diagnosis that names one of them is refused. */
  private static final Set<String> OWNED_BY_THE_STORE =
      Set.of(
          "fingerprint",
          "cluster",
          "clusterProject",
          "clusterLocation",
          "clusterName",
          "nodePool",
          "repository",
          "repositoryProject",
          "repositoryLocation",
          "repositoryName",
          "occurrences",
          "firstSeen",
          "lastSeen",
          "lastDiagnosedAt",
          "pods",
          "namespaces",
          POD_KEYS,
          CLAIMED_BY,
          CLAIMED_AT);

  private final String fingerprint;
  private final Map<String, Object> data;

  private IncidentDocument(String fingerprint, Map<String, Object> data) {
    this.fingerprint = fingerprint;
    this.data = data;
  }

  /** A new incident: status OPEN, no occurrence counted yet, the failing pod listed. */
  static IncidentDocument create(IncidentKey key, PullFailure failure, Instant now) {
    Map<String, Object> d = new LinkedHashMap<>();
    String fingerprint = key.fingerprint();
    Timestamp seen = timestamp(seenAt(failure, now));
    d.put("fingerprint", fingerprint);
    d.put("status", FindingStatus.OPEN.name());
    d.put("failureKind", failure.failureKind().name());
    d.put("rootCause", null);
    d.put("summary", null);
    d.put("cluster", key.cluster().toString());
    d.put("clusterProject", key.cluster().project());
    d.put("clusterLocation", key.cluster().location());
    d.put("clusterName", key.cluster().name());
    d.put("nodePool", key.nodePool());
    d.put("nodeServiceAccount", null);
    d.put("repository", key.repository().toString());
    d.put("repositoryProject", key.repository().project());
    d.put("repositoryLocation", key.repository().location());
    d.put("repositoryName", key.repository().name());
    d.put("image", failure.image() == null ? null : failure.image().raw());
    d.put("occurrences", 0L);
    d.put("firstSeen", seen);
    d.put("lastSeen", seen);
    d.put("lastDiagnosedAt", null);
    d.put("pods", new ArrayList<String>());
    d.put("namespaces", new ArrayList<String>());
    d.put("evidence", Map.of());
    d.put("advice", Map.of());
    d.put("remediation", Map.of());
    d.put(POD_KEYS, new ArrayList<String>());
    IncidentDocument doc = new IncidentDocument(fingerprint, d);
    doc.addPod(failure);
    return doc;
  }

  /** The document as read; {@code data} is copied, so changes stay local until written. */
  static IncidentDocument of(String fingerprint, Map<String, Object> data) {
    return new IncidentDocument(fingerprint, new LinkedHashMap<>(data));
  }

  /** What to write: the whole document, as this transaction read and changed it. */
  Map<String, Object> data() {
    return data;
  }

  /**
   * When the event happened: kubelet's timestamp, or its arrival when the exporter left that out.
   */
  static Instant seenAt(PullFailure failure, Instant now) {
    return failure.timestamp() != null ? failure.timestamp() : now;
  }

  boolean diagnosedWithin(Instant now, Duration ttl) {
    Instant at = instantField("lastDiagnosedAt");
    return at != null && now.isBefore(at.plus(ttl));
  }

  /** True while another event's investigation holds the claim and has not timed out. */
  boolean claimedByOther(String eventId, Instant now, Duration claimTimeout) {
    Object by = data.get(CLAIMED_BY);
    Instant at = instantField(CLAIMED_AT);
    return by != null && !by.equals(eventId) && at != null && now.isBefore(at.plus(claimTimeout));
  }

  String claimedBy() {
    Object by = data.get(CLAIMED_BY);
    return by == null ? null : by.toString();
  }

  void claim(String eventId, Instant now) {
    data.put(CLAIMED_BY, eventId);
    data.put(CLAIMED_AT, timestamp(now));
  }

  void clearClaim() {
    data.remove(CLAIMED_BY);
    data.remove(CLAIMED_AT);
  }

  /** One occurrence: the count, the first and last time seen, and the pod at the newest end. */
  void count(PullFailure failure, Instant now) {
    data.put("occurrences", longField("occurrences") + 1);
    Instant seen = seenAt(failure, now);
    Instant first = instantField("firstSeen");
    Instant last = instantField("lastSeen");
    if (first == null || seen.isBefore(first)) {
      data.put("firstSeen", timestamp(seen));
    }
    if (last == null || seen.isAfter(last)) {
      data.put("lastSeen", timestamp(seen));
    }
    addPod(failure);
  }

  /** Moves the pod and its namespace to the newest end of their lists, dropping the oldest. */
  void addPod(PullFailure failure) {
    List<String> pods = newestLast(stringList("pods"), failure.namespace() + "/" + failure.pod());
    data.put("pods", pods);
    data.put("namespaces", newestLast(stringList("namespaces"), failure.namespace()));
    String cluster = String.valueOf(data.get("cluster"));
    data.put(POD_KEYS, pods.stream().map(p -> podKey(cluster, p)).toList());
  }

  /** The {@code podKeys} entry of a pod: {@code PROJECT/LOCATION/NAME|NAMESPACE/POD}. */
  static String podKey(ClusterRef cluster, String namespace, String pod) {
    return podKey(cluster.toString(), namespace + "/" + pod);
  }

  private static String podKey(String cluster, String namespacedPod) {
    return cluster + "|" + namespacedPod;
  }

  private static List<String> newestLast(List<String> list, String item) {
    List<String> out = new ArrayList<>(list);
    out.remove(item);
    out.add(item);
    return List.copyOf(out.subList(Math.max(0, out.size() - Finding.MAX_PODS), out.size()));
  }

  /**
   * Writes a diagnosis: each of {@code fields} replaces the field of that name whole (evidence of
   * an earlier diagnosis does not linger), {@code lastDiagnosedAt} becomes {@code now}.
   */
  void diagnose(Map<String, Object> fields, Instant now) {
    fields.forEach(
        (name, value) -> {
          if (OWNED_BY_THE_STORE.contains(name)) {
            throw new IllegalArgumentException("the store maintains '" + name + "' itself");
          }
          Object stored = FirestoreValues.toFirestore(value);
          requireConstant(name, stored);
          data.put(name, stored);
        });
    data.put("lastDiagnosedAt", timestamp(now));
  }

  private static void requireConstant(String name, Object value) {
    Class<? extends Enum<?>> type =
        switch (name) {
          case "status" -> FindingStatus.class;
          case "failureKind" -> FailureKind.class;
          case "rootCause" -> RootCause.class;
          default -> null;
        };
    if (type == null || (value == null && name.equals("rootCause"))) {
      return;
    }
    for (Enum<?> constant : type.getEnumConstants()) {
      if (constant.name().equals(value)) {
        return;
      }
    }
    throw new IllegalArgumentException(name + " must be a " + type.getSimpleName() + ": " + value);
  }

  /** The finding this document describes. */
  Finding toFinding() {
    return new Finding(
        fingerprint,
        constant(FindingStatus.class, "status", FindingStatus.OPEN, FindingStatus.OPEN),
        constant(FailureKind.class, "failureKind", FailureKind.UNKNOWN, FailureKind.UNKNOWN),
        constant(RootCause.class, "rootCause", null, RootCause.UNDETERMINED),
        text("summary"),
        text("cluster"),
        text("clusterProject"),
        text("clusterLocation"),
        text("clusterName"),
        text("nodePool"),
        text("nodeServiceAccount"),
        text("repository"),
        text("repositoryProject"),
        text("repositoryLocation"),
        text("repositoryName"),
        text("image"),
        longField("occurrences"),
        instantField("firstSeen"),
        instantField("lastSeen"),
        instantField("lastDiagnosedAt"),
        stringList("pods"),
        stringList("namespaces"),
        FirestoreValues.mapFromFirestore(data.get("evidence")),
        FirestoreValues.mapFromFirestore(data.get("advice")),
        FirestoreValues.mapFromFirestore(data.get("remediation")));
  }

  /**
   * An enum field read tolerantly: a name this version does not know (written by a newer one) reads
   * as {@code ifUnknown}, so one such document cannot break a dashboard page.
   */
  private <E extends Enum<E>> E constant(Class<E> type, String name, E ifMissing, E ifUnknown) {
    Object value = data.get(name);
    if (value == null) {
      return ifMissing;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(value)) {
        return constant;
      }
    }
    return ifUnknown;
  }

  private String text(String name) {
    Object value = data.get(name);
    return value == null ? null : value.toString();
  }

  private long longField(String name) {
    return data.get(name) instanceof Number n ? n.longValue() : 0L;
  }

  private Instant instantField(String name) {
    return data.get(name) instanceof Timestamp t ? instant(t) : null;
  }

  private List<String> stringList(String name) {
    return data.get(name) instanceof List<?> list
        ? list.stream().map(String::valueOf).toList()
        : List.of();
  }
}
