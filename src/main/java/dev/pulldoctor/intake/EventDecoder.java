package dev.pulldoctor.intake;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import dev.pulldoctor.classify.Classification;
import dev.pulldoctor.classify.MessageClassifier;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.PullFailure;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes what Eventarc delivers into a {@link PullFailure}: a Pub/Sub {@code messagePublished}
 * CloudEvent whose {@code data.message.data} is the base64 LogEntry the sink exported, or a
 * CloudEvent whose data is the LogEntry itself (replays, the CLI).
 *
 * <p>Unknown fields are ignored on purpose: the Kubernetes event exporter and the {@code
 * events.k8s.io/v1} conversion add and drop fields over time (DESIGN.md §2).
 */
public final class EventDecoder {
  /**
   * A LogEntry is at most 256 KB (https://cloud.google.com/logging/quotas#log-limits), and the
   * Pub/Sub envelope adds a third for base64: anything over 1 MB is not one exported entry, and is
   * refused before a byte of it is parsed. (Pub/Sub alone would let 10 MB through, which a JSON
   * tree of many small keys turns into far more heap than the function has.)
   */
  public static final int MAX_EVENT_BYTES = 1024 * 1024;

  /** Log entries nest a few levels; a hundred is garbage or an attack. */
  static final int MAX_NESTING = 100;

  private static final Pattern PULL_MESSAGE =
      Pattern.compile(
          "(?i)failed to pull image|errimagepull|imagepullbackoff|back-off pulling image");

  /** Decodes the data of a CloudEvent with id {@code eventId}. */
  public Decoded decodeCloudEvent(String eventId, byte[] data) {
    String id = eventId == null || eventId.isBlank() ? "unknown" : eventId;
    if (data == null || data.length == 0) {
      return new Decoded.Rejected(id, "the event has no data");
    }
    if (data.length > MAX_EVENT_BYTES) {
      return oversize(id, "the event data", data.length);
    }
    JsonObject root;
    try {
      root = parseObject(utf8(data));
    } catch (IllegalArgumentException e) {
      return new Decoded.Rejected(id, "the event data is not a JSON object: " + e.getMessage());
    }
    JsonObject message = Json.object(root, "message");
    if (message != null) {
      String base64 = Json.text(message, "data");
      if (base64 == null) {
        return new Decoded.Rejected(id, "the Pub/Sub message has no data");
      }
      // No limit of its own: the envelope's bounds it (base64 carries 3 bytes in 4 characters).
      try {
        root = parseObject(utf8(Base64.getDecoder().decode(base64.strip())));
      } catch (IllegalArgumentException e) {
        return new Decoded.Rejected(
            id, "the Pub/Sub message data is not a base64 JSON LogEntry: " + e.getMessage());
      }
    }
    return decodeLogEntry(id, root);
  }

  /** Decodes a LogEntry given as JSON text; the event id is its insertId. */
  public Decoded decodeLogEntryJson(String json) {
    // A UTF-8 byte is at most one char: more chars than the limit is more bytes too.
    if (json.length() > MAX_EVENT_BYTES) {
      return oversize("unknown", "the log entry", json.length());
    }
    JsonObject entry;
    try {
      entry = parseObject(json);
    } catch (IllegalArgumentException e) {
      return new Decoded.Rejected("unknown", "not a JSON object: " + e.getMessage());
    }
    String insertId = Json.text(entry, "insertId");
    return decodeLogEntry(insertId == null ? "unknown" : insertId, entry);
  }

  /** Decodes a parsed LogEntry delivered as event {@code eventId}. */
  public Decoded decodeLogEntry(String eventId, JsonObject entry) {
    String logName = Json.text(entry, "logName");
    if (logName == null || !logName.endsWith("/logs/events")) {
      return new Decoded.Rejected(
          eventId,
          "not a Kubernetes event log entry (logName "
              + (logName == null ? "missing" : "'" + cap(logName) + "'")
              + ")");
    }
    JsonObject payload = Json.object(entry, "jsonPayload");
    if (payload == null) {
      return new Decoded.Rejected(eventId, "the log entry has no jsonPayload");
    }
    // events.k8s.io/v1 events arrive with note/regarding in place of message/involvedObject.
    String message = Json.firstText(payload, "message", "note");
    if (message == null || !PULL_MESSAGE.matcher(head(message)).find()) {
      return new Decoded.Rejected(
          eventId,
          "not an image pull failure (reason " + quoted(Json.text(payload, "reason")) + ")");
    }
    JsonObject involved = Json.object(payload, "involvedObject");
    if (involved == null) {
      involved = Json.object(payload, "regarding");
    }
    String kind = Json.text(involved, "kind");
    if (kind != null && !kind.equals("Pod")) {
      return new Decoded.Rejected(eventId, "the event is about a " + cap(kind) + ", not a Pod");
    }
    JsonObject resource = Json.object(entry, "resource");
    JsonObject labels = Json.object(resource, "labels");
    String resourceType = Json.text(resource, "type");
    if (!"k8s_pod".equals(resourceType) && !"k8s_cluster".equals(resourceType)) {
      return new Decoded.Rejected(eventId, "unexpected resource type " + quoted(resourceType));
    }
    // An event whose namespace differs from its object's lands on k8s_cluster: the pod is then
    // only in involvedObject.
    String namespace = Json.firstText(involved, "namespace");
    String pod = Json.text(involved, "name");
    if ("k8s_pod".equals(resourceType)) {
      namespace = firstNonNull(Json.text(labels, "namespace_name"), namespace);
      pod = firstNonNull(Json.text(labels, "pod_name"), pod);
    }
    JsonObject source = Json.object(payload, "source");
    String node = firstNonNull(Json.text(source, "host"), Json.text(payload, "reportingInstance"));
    Classification classification = MessageClassifier.classify(message);
    if (pod == null || namespace == null) {
      return new Decoded.Rejected(eventId, "the event names no pod");
    }
    try {
      ClusterRef cluster =
          new ClusterRef(
              Json.text(labels, "project_id"),
              Json.text(labels, "location"),
              Json.text(labels, "cluster_name"));
      return new Decoded.Failure(
          new PullFailure(
              eventId,
              Json.text(Json.object(payload, "metadata"), "uid"),
              cluster,
              namespace,
              pod,
              Json.text(involved, "uid"),
              node,
              image(message),
              Json.text(payload, "reason"),
              message,
              classification.kind(),
              classification.followOn(),
              timestamp(payload, entry),
              classification.backOff(),
              classification.secretAttempts(),
              logName));
    } catch (IllegalArgumentException e) {
      return new Decoded.Rejected(eventId, "unusable pull failure event: " + e.getMessage());
    }
  }

  private static Decoded oversize(String id, String what, long bytes) {
    return new Decoded.Rejected(
        id,
        what
            + " is "
            + bytes
            + " bytes, over the "
            + MAX_EVENT_BYTES
            + "-byte limit (a LogEntry is at most 256 KB): refused without parsing");
  }

  private static ImageReference image(String message) {
    return MessageClassifier.imageIn(message)
        .flatMap(
            text -> {
              try {
                return java.util.Optional.of(ImageReference.parse(text));
              } catch (IllegalArgumentException e) {
                return java.util.Optional.empty();
              }
            })
        .orElse(null);
  }

  private static Instant timestamp(JsonObject payload, JsonObject entry) {
    for (String t :
        new String[] {
          Json.text(payload, "lastTimestamp"),
          Json.text(payload, "eventTime"),
          Json.text(entry, "timestamp")
        }) {
      if (t != null) {
        try {
          return Instant.parse(t);
        } catch (DateTimeParseException ignored) {
          // A malformed time is a gap in the finding, not a reason to drop the event.
        }
      }
    }
    return null;
  }

  private static JsonObject parseObject(String text) {
    try {
      JsonReader reader = new JsonReader(new StringReader(text));
      // Strict parsing with a nesting guard: a hostile payload must not exhaust the stack.
      reader.setStrictness(com.google.gson.Strictness.STRICT);
      reader.setNestingLimit(MAX_NESTING);
      JsonElement element = JsonParser.parseReader(reader);
      if (!element.isJsonObject()) {
        throw new IllegalArgumentException("top level is not an object");
      }
      return element.getAsJsonObject();
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException(describeJsonError(e));
    }
  }

  /** Gson's messages advise about its own API; a user needs only where the JSON broke. */
  private static String describeJsonError(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    Matcher where = JSON_ERROR_POSITION.matcher(message);
    if (message.contains("Nesting limit")) {
      return "nested deeper than " + MAX_NESTING + " levels";
    }
    return where.find() ? "malformed JSON at " + where.group() : "malformed JSON";
  }

  private static final Pattern JSON_ERROR_POSITION = Pattern.compile("line \\d+ column \\d+");

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not valid UTF-8");
    }
  }

  /** Phrase matching looks at the start only: a 5 MB message costs nothing. */
  private static String head(String message) {
    return message.length() > 2048 ? message.substring(0, 2048) : message;
  }

  private static String quoted(String value) {
    return value == null ? "missing" : "'" + cap(value) + "'";
  }

  private static String cap(String value) {
    String printable = value.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 120 ? printable.substring(0, 120) + "…" : printable;
  }

  private static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }
}
