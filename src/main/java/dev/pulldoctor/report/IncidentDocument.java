package dev.pulldoctor.report;

import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.Incident;
import dev.pulldoctor.domain.JsonForm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps an {@link Incident} to its {@code pullFindings/{fingerprint}} document and back, nothing
 * more: the lifecycle rules are the incident's own. The document is the finding's JSON form ({@link
 * JsonForm}, instants as timestamps) plus two fields only the store needs: {@code claim} (who is
 * investigating, since when) and {@code podKeys} ({@code CLUSTER|NAMESPACE/POD} for each of {@code
 * pods}, so that a follow-on event finds its incident with one array-contains query).
 */
final class IncidentDocument {
  private IncidentDocument() {}

  static final String CLAIM = "claim";
  static final String POD_KEYS = "podKeys";
  static final String LAST_SEEN = "lastSeen";

  /** The document of {@code incident}, in Firestore's values. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> data(Incident incident) {
    Finding f = incident.finding();
    Map<String, Object> data = new LinkedHashMap<>(JsonForm.map(f, false));
    data.put(CLAIM, JsonForm.tree(incident.claim()));
    data.put(POD_KEYS, f.pods().stream().map(p -> podKey(f.cluster(), p)).toList());
    return (Map<String, Object>) FirestoreValues.toFirestore(data);
  }

  /** The incident of document {@code id} as read ({@code data} in Firestore's values). */
  static Incident incident(String id, Map<String, Object> data) {
    Map<String, Object> tree = tree(id, data);
    Incident.Claim claim =
        tree.get(CLAIM) instanceof Map<?, ?> c && c.get("eventId") != null && c.get("at") != null
            ? JsonForm.read(Incident.Claim.class, c)
            : null;
    return Incident.restore(JsonForm.read(Finding.class, tree), claim);
  }

  /** The finding of document {@code id}, for readers. */
  static Finding finding(String id, Map<String, Object> data) {
    return JsonForm.read(Finding.class, tree(id, data));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tree(String id, Map<String, Object> data) {
    Map<String, Object> tree =
        new LinkedHashMap<>((Map<String, Object>) FirestoreValues.fromFirestore(data));
    tree.putIfAbsent("fingerprint", id);
    return tree;
  }

  /** The {@code podKeys} entry of a pod: {@code PROJECT/LOCATION/NAME|NAMESPACE/POD}. */
  static String podKey(ClusterRef cluster, String namespace, String pod) {
    return podKey(cluster.toString(), namespace + "/" + pod);
  }

  private static String podKey(String cluster, String namespacedPod) {
    return cluster + "|" + namespacedPod;
  }

  static List<String> podKeys(Finding f) {
    return f.pods().stream().map(p -> podKey(f.cluster(), p)).toList();
  }
}
