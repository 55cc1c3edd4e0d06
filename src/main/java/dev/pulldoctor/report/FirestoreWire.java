package dev.pulldoctor.report;

import com.google.cloud.Timestamp;
import com.google.firestore.v1.ArrayValue;
import com.google.firestore.v1.MapValue;
import com.google.firestore.v1.Value;
import com.google.protobuf.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts document data between the values {@link FirestoreValues} produces (String, Boolean,
 * Long, Double, {@link Timestamp}, lists, string-keyed maps, null) and Firestore's wire {@link
 * Value}s, exactly as the high-level client encodes and decodes them: a document written here reads
 * the same through that client (the dashboard, the CLI), and the other way round.
 */
final class FirestoreWire {
  private FirestoreWire() {}

  /** The wire fields of a document's {@code data}. */
  static Map<String, Value> fields(Map<String, Object> data) {
    Map<String, Value> fields = new LinkedHashMap<>();
    data.forEach((name, value) -> fields.put(name, value(value)));
    return fields;
  }

  /** The data of a document's wire {@code fields}, as the high-level client's snapshot has it. */
  static Map<String, Object> data(Map<String, Value> fields) {
    Map<String, Object> data = new LinkedHashMap<>();
    fields.forEach((name, value) -> data.put(name, javaValue(value)));
    return data;
  }

  /** The wire value of {@code value}, after {@link FirestoreValues#toFirestore} normalised it. */
  static Value value(Object value) {
    return encode(FirestoreValues.toFirestore(value));
  }

  private static Value encode(Object value) {
    Value.Builder v = Value.newBuilder();
    if (value == null) {
      return v.setNullValue(NullValue.NULL_VALUE).build();
    }
    if (value instanceof String s) {
      return v.setStringValue(s).build();
    }
    if (value instanceof Boolean b) {
      return v.setBooleanValue(b).build();
    }
    if (value instanceof Long l) {
      return v.setIntegerValue(l).build();
    }
    if (value instanceof Double d) {
      return v.setDoubleValue(d).build();
    }
    if (value instanceof Timestamp t) {
      // The client drops what is finer than microseconds, which Firestore does not keep.
      return v.setTimestampValue(
              com.google.protobuf.Timestamp.newBuilder()
                  .setSeconds(t.getSeconds())
                  .setNanos(t.getNanos() / 1000 * 1000))
          .build();
    }
    if (value instanceof List<?> list) {
      ArrayValue.Builder array = ArrayValue.newBuilder();
      list.forEach(e -> array.addValues(encode(e)));
      return v.setArrayValue(array).build();
    }
    if (value instanceof Map<?, ?> map) {
      MapValue.Builder fields = MapValue.newBuilder();
      map.forEach((k, e) -> fields.putFields((String) k, encode(e)));
      return v.setMapValue(fields).build();
    }
    // FirestoreValues.toFirestore answers nothing else.
    throw new IllegalArgumentException("not a Firestore value: " + value.getClass().getName());
  }

  /**
   * The Java value of a wire {@code value}. Kinds Pull Doctor never writes (bytes, references, geo
   * points, vectors) are refused rather than dropped: the store writes documents whole, so a field
   * it cannot read back would be lost on the next write.
   */
  static Object javaValue(Value value) {
    return switch (value.getValueTypeCase()) {
      case NULL_VALUE -> null;
      case STRING_VALUE -> value.getStringValue();
      case BOOLEAN_VALUE -> value.getBooleanValue();
      case INTEGER_VALUE -> value.getIntegerValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case TIMESTAMP_VALUE ->
          Timestamp.ofTimeSecondsAndNanos(
              value.getTimestampValue().getSeconds(), value.getTimestampValue().getNanos());
      case ARRAY_VALUE -> {
        List<Object> list = new ArrayList<>(value.getArrayValue().getValuesCount());
        value.getArrayValue().getValuesList().forEach(e -> list.add(javaValue(e)));
        yield list;
      }
      case MAP_VALUE -> data(value.getMapValue().getFieldsMap());
      default ->
          throw new IllegalArgumentException(
              "a stored " + value.getValueTypeCase() + " value, which Pull Doctor does not read");
    };
  }
}
