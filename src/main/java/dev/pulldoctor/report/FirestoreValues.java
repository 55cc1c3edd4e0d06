package dev.pulldoctor.report;

import com.google.cloud.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the plain Java values the diagnosis writes and the values the Firestore client
 * stores: {@link Instant} becomes a {@link Timestamp}, through nested lists and maps, and back.
 */
final class FirestoreValues {
  private FirestoreValues() {}

  /**
   * The Firestore value of {@code value}: String, Boolean, Long and Double as they are, smaller
   * integers as Long, Instant as Timestamp, enums by name, lists (and sets, as lists in their
   * iteration order) and string-keyed maps converted element by element. Anything else is refused,
   * so no writer stores a type a reader cannot read.
   */
  static Object toFirestore(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Long
        || value instanceof Double) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Instant instant) {
      return timestamp(instant);
    }
    if (value instanceof Timestamp) {
      return value;
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof Collection<?> collection) {
      List<Object> out = new ArrayList<>(collection.size());
      collection.forEach(v -> out.add(toFirestore(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            if (!(k instanceof String key)) {
              throw new IllegalArgumentException("map keys must be strings, got: " + k);
            }
            out.put(key, toFirestore(v));
          });
      return out;
    }
    throw new IllegalArgumentException(
        "cannot store a " + value.getClass().getName() + " in Firestore: " + value);
  }

  /** The Java value of a stored {@code value}: Timestamps become Instants, recursively. */
  static Object fromFirestore(Object value) {
    if (value instanceof Timestamp t) {
      return instant(t);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(fromFirestore(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), fromFirestore(v)));
      return out;
    }
    return value;
  }

  /** A string-keyed map read back, or an empty map when the field is absent or not a map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> mapFromFirestore(Object value) {
    return value instanceof Map<?, ?> ? (Map<String, Object>) fromFirestore(value) : Map.of();
  }

  /**
   * A Timestamp of {@code instant}, cut to microseconds: Firestore keeps no finer precision
   * (https://firebase.google.com/docs/firestore/manage-data/data-types#data_types), so cutting here
   * makes what is written equal what is read back.
   */
  static Timestamp timestamp(Instant instant) {
    Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
    return Timestamp.ofTimeSecondsAndNanos(micros.getEpochSecond(), micros.getNano());
  }

  static Instant instant(Timestamp timestamp) {
    return timestamp == null
        ? null
        : Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
