package dev.pulldoctor.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code pullEvents/{eventId}} documents that make a redelivered event a no-op. Each carries
 * {@code expireAt}, the field of the collection's TTL policy, so Firestore deletes it after the
 * retention (https://cloud.google.com/firestore/docs/ttl); deletion is lazy, typically within a day
 * of expiry, which only means a record lives a little longer.
 */
final class EventRecords {
  private EventRecords() {}

  /** The field of the TTL policy on the events collection. */
  static final String EXPIRE_AT = "expireAt";

  /** Document ids hold at most 1,500 bytes. */
  private static final int MAX_ID_BYTES = 1500;

  /**
   * The document id of an event id. A document id cannot contain {@code /}, cannot be {@code .} or
   * {@code ..}, and cannot match {@code __.*__}
   * (https://cloud.google.com/firestore/quotas#collections_documents_and_fields). So {@code %}
   * becomes {@code %25} and {@code /} becomes {@code %2F} (percent-encoding, hence reversible and
   * free of collisions), a leading {@code .} becomes {@code %2E} and a leading {@code _} becomes
   * {@code %5F}. An id still too long is replaced by {@code sha256-HEX} of the event id.
   */
  static String documentId(String eventId) {
    String id = eventId.replace("%", "%25").replace("/", "%2F");
    if (id.startsWith(".")) {
      id = "%2E" + id.substring(1);
    } else if (id.startsWith("_")) {
      id = "%5F" + id.substring(1);
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
      id = "sha256-" + sha256(eventId);
    }
    return id;
  }

  /** The record of one processed event of incident {@code fingerprint}. */
  static Map<String, Object> record(String fingerprint, Instant now, Duration eventRecordTtl) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("fingerprint", fingerprint);
    d.put("receivedAt", FirestoreValues.timestamp(now));
    d.put(EXPIRE_AT, FirestoreValues.timestamp(now.plus(eventRecordTtl)));
    return d;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
