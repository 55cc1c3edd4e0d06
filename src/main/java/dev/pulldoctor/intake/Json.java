package dev.pulldoctor.intake;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Tolerant reads from a parsed JSON tree: a missing field, a null or a field of the wrong type
 * reads as absent. Log entries come from many exporters and API versions; a shape we did not expect
 * must leave a gap in the finding, never throw.
 */
final class Json {
  private Json() {}

  static JsonObject object(JsonObject parent, String... path) {
    JsonObject current = parent;
    for (String name : path) {
      if (current == null) {
        return null;
      }
      JsonElement next = current.get(name);
      current = next != null && next.isJsonObject() ? next.getAsJsonObject() : null;
    }
    return current;
  }

  /** The string at {@code name}, or null when it is absent, empty or not a string. */
  static String text(JsonObject parent, String name) {
    if (parent == null) {
      return null;
    }
    JsonElement value = parent.get(name);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      return null;
    }
    String s = value.getAsString();
    return s.isEmpty() ? null : s;
  }

  static String firstText(JsonObject parent, String... names) {
    for (String name : names) {
      String s = text(parent, name);
      if (s != null) {
        return s;
      }
    }
    return null;
  }
}
