package dev.pulldoctor.domain;

import java.time.Instant;
import java.util.List;

/**
 * One image-pull failure event of one pod, as decoded from a Kubernetes event in Cloud Logging.
 *
 * @param eventId the delivery's id (the CloudEvent id, else the log entry's insertId): a redelivery
 *     carries the same one
 * @param kubernetesEventUid {@code metadata.uid} of the Kubernetes event; kubelet's updates of one
 *     event ("x3 over 57s") share it; may be null
 * @param nodeName the node that reported it; may be null when the exporter left it out
 * @param image the image the message names; null for a message that names none
 * @param followOn true for the cause-less events that follow a pod's first failure ({@code Error:
 *     ErrImagePull}, {@code Back-off pulling image}, {@code Error: ImagePullBackOff})
 * @param timestamp when kubelet last saw it; may be null
 * @param backOff true for kubelet's back-off event ({@code Back-off pulling image "X"}), with its
 *     cause ({@code …: ErrImagePull: <cause>}, kubernetes/kubernetes#127918) or without
 * @param secretAttempts the answers to the pod's {@code imagePullSecrets} when the message reports
 *     several ({@code [err1, err2, …]}); the node's own answer, last, gave {@code failureKind}
 * @param logName the log entry's {@code logName} ({@code projects/P/logs/events}); null when the
 *     failure did not come from a log entry (an on-demand diagnosis)
 */
public record PullFailure(
    String eventId,
    String kubernetesEventUid,
    ClusterRef cluster,
    String namespace,
    String pod,
    String podUid,
    String nodeName,
    ImageReference image,
    String reason,
    String message,
    FailureKind failureKind,
    boolean followOn,
    Instant timestamp,
    boolean backOff,
    List<PullAttempt> secretAttempts,
    String logName) {

  /** Messages are stored and shown; past this they are cut, so a 5 MB message costs nothing. */
  public static final int MAX_MESSAGE_LENGTH = 4096;

  /** A failure whose message is neither a back-off nor reports several answers. */
  public PullFailure(
      String eventId,
      String kubernetesEventUid,
      ClusterRef cluster,
      String namespace,
      String pod,
      String podUid,
      String nodeName,
      ImageReference image,
      String reason,
      String message,
      FailureKind failureKind,
      boolean followOn,
      Instant timestamp) {
    this(
        eventId,
        kubernetesEventUid,
        cluster,
        namespace,
        pod,
        podUid,
        nodeName,
        image,
        reason,
        message,
        failureKind,
        followOn,
        timestamp,
        false,
        List.of(),
        null);
  }

  public PullFailure {
    if (eventId == null || eventId.isBlank()) {
      throw new IllegalArgumentException("event id is required");
    }
    if (cluster == null) {
      throw new IllegalArgumentException("cluster is required");
    }
    // An on-demand diagnosis (CLI) has no pod; a decoded event always has one.
    if (namespace != null) {
      Names.requireName(namespace, "namespace");
    }
    if (pod != null) {
      Names.requireName(pod, "pod name");
    }
    if (nodeName != null) {
      Names.requireName(nodeName, "node name");
    }
    if (failureKind == null) {
      throw new IllegalArgumentException("failure kind is required");
    }
    secretAttempts = secretAttempts == null ? List.of() : List.copyOf(secretAttempts);
    message = message == null ? "" : message;
    if (message.length() > MAX_MESSAGE_LENGTH) {
      message = message.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }
  }

  /** The message names what went wrong: every event but the cause-less follow-ons. */
  public boolean carriesCause() {
    return !followOn;
  }

  /**
   * Repeats an earlier failure of the pod (a follow-on or a back-off, with or without its cause):
   * it counts as an occurrence of the incident the pod already has. Only one that {@link
   * #carriesCause carries a cause} may open an incident when the pod has none (DESIGN.md §3: the
   * first {@code Failed} event may have been dropped by the exporter or the sink).
   */
  public boolean repeatsAnEarlierFailure() {
    return followOn || backOff;
  }

  /**
   * The project that owns the log the event was written to: {@code P} of {@code
   * projects/P/logs/...}; the whole parent ({@code organizations/N}, {@code folders/N}) for a log
   * that no project owns; null without a log name. Cloud Logging names logs {@code
   * projects/[PROJECT_ID]/logs/[LOG_ID]}, {@code organizations/…}, {@code folders/…} or {@code
   * billingAccounts/…} (https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry).
   */
  public String logProject() {
    if (logName == null) {
      return null;
    }
    int logs = logName.indexOf("/logs/");
    String parent = logs < 0 ? logName : logName.substring(0, logs);
    return parent.startsWith("projects/") && parent.indexOf('/', "projects/".length()) < 0
        ? parent.substring("projects/".length())
        : parent;
  }
}
