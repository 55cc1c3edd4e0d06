package dev.pulldoctor.domain;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one serializer of Pull Doctor's stored and shown shapes ({@link Finding} and its views): a
 * record becomes a tree of maps in component order, and a tree becomes the record again. So the
 * field names of a finding live in one place, its records' components, and Firestore, the log line,
 * the CLI and the dashboard API all write the same form (jib's {@code JsonTemplate}: one typed
 * template per wire shape, one mapper).
 *
 * <p>A tree holds {@code null}, String, Boolean, Long, Double, Instant (as {@link #tree}) or its
 * ISO-8601 text (as {@link #json}), lists and string-keyed maps. Enums are written by name.
 *
 * <p>Reading is tolerant (STYLE.md 6): a missing field reads as null (or zero, false, empty); a
 * field no component names is ignored — or, when the record has a {@code Map<String, Object> other}
 * component, kept there and written back beside the typed ones, so that a field a newer writer
 * added survives this version's read and rewrite; an enum name this version does not know reads as
 * the enum's catch-all constant ({@code UNKNOWN}, {@code UNDETERMINED}) or null.
 */
public final class JsonForm {
  private JsonForm() {}

  /** The component that keeps the fields no other component names. */
  static final String OTHER = "other";

  private static final Set<String> CATCH_ALL = Set.of("UNKNOWN", "UNDETERMINED");

  /** The tree of {@code value}, instants as {@link Instant}s (Firestore's adapter stores them). */
  public static Object tree(Object value) {
    return write(value, false);
  }

  /** The tree of {@code value} as JSON holds it: instants as ISO-8601 text. */
  public static Object json(Object value) {
    return write(value, true);
  }

  /** The tree of record {@code value} as a map (empty for null). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object value, boolean instantsAsText) {
    Object tree = write(value, instantsAsText);
    return tree instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
  }

  /**
   * An unmodifiable copy of an {@code other} component, nulls kept (a field can be null), in order.
   */
  public static Map<String, Object> copy(Map<String, Object> other) {
    return other == null || other.isEmpty()
        ? Map.of()
        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(other));
  }

  /** {@code tree} read as a {@code type}; null when {@code tree} is null or not a map. */
  public static <T> T read(Class<T> type, Object tree) {
    return type.cast(convert(type, tree));
  }

  private static Object write(Object value, boolean instantsAsText) {
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
    if (value instanceof Instant i) {
      return instantsAsText ? i.toString() : i;
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof Record r) {
      Map<String, Object> out = new LinkedHashMap<>();
      Map<?, ?> other = null;
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        Object v = component(c, r);
        if (c.getName().equals(OTHER) && v instanceof Map<?, ?> m) {
          other = m;
        } else {
          out.put(c.getName(), write(v, instantsAsText));
        }
      }
      if (other != null) {
        other.forEach((k, v) -> out.putIfAbsent(String.valueOf(k), write(v, instantsAsText)));
      }
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), write(v, instantsAsText)));
      return out;
    }
    if (value instanceof Collection<?> items) {
      List<Object> out = new ArrayList<>(items.size());
      items.forEach(v -> out.add(write(v, instantsAsText)));
      return out;
    }
    throw new IllegalArgumentException("no JSON form for a " + value.getClass().getName());
  }

  private static Object component(RecordComponent c, Record r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c, e);
    }
  }

  private static Object convert(Type type, Object tree) {
    Class<?> raw = raw(type);
    if (raw.isPrimitive()) {
      return primitive(raw, tree);
    }
    if (tree == null) {
      return null;
    }
    if (raw == Object.class) {
      return tree;
    }
    if (raw == String.class) {
      return tree instanceof Map<?, ?> || tree instanceof List<?> ? null : tree.toString();
    }
    if (raw == Long.class) {
      return tree instanceof Number n ? n.longValue() : null;
    }
    if (raw == Integer.class) {
      return tree instanceof Number n ? n.intValue() : null;
    }
    if (raw == Double.class) {
      return tree instanceof Number n ? n.doubleValue() : null;
    }
    if (raw == Boolean.class) {
      return tree instanceof Boolean b ? b : null;
    }
    if (raw == Instant.class) {
      return instant(tree);
    }
    if (raw.isEnum()) {
      return constant(raw, tree.toString());
    }
    if (raw.isRecord()) {
      return tree instanceof Map<?, ?> m ? record(raw, m) : null;
    }
    if (List.class.isAssignableFrom(raw) || Collection.class == raw) {
      if (!(tree instanceof Collection<?> items)) {
        return null;
      }
      Type element = argument(type, 0);
      List<Object> out = new ArrayList<>(items.size());
      items.forEach(v -> out.add(convert(element, v)));
      return out;
    }
    if (Map.class.isAssignableFrom(raw)) {
      if (!(tree instanceof Map<?, ?> m)) {
        return null;
      }
      Type valueType = argument(type, 1);
      Map<String, Object> out =
          java.util.SortedMap.class.isAssignableFrom(raw) ? new TreeMap<>() : new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), convert(valueType, v)));
      return out;
    }
    throw new IllegalArgumentException("no JSON form for a " + type.getTypeName());
  }

  private static Object record(Class<?> type, Map<?, ?> tree) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    Set<String> named = new HashSet<>();
    for (RecordComponent c : components) {
      named.add(c.getName());
    }
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      if (c.getName().equals(OTHER) && Map.class.isAssignableFrom(c.getType())) {
        Map<String, Object> other = new LinkedHashMap<>();
        tree.forEach(
            (k, v) -> {
              if (!named.contains(String.valueOf(k))) {
                other.put(String.valueOf(k), v);
              }
            });
        args[i] = other;
      } else {
        args[i] = convert(c.getGenericType(), tree.get(c.getName()));
      }
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      return canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot build a " + type.getSimpleName(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build a " + type.getSimpleName(), e);
    }
  }

  private static Object primitive(Class<?> raw, Object tree) {
    if (raw == boolean.class) {
      return tree instanceof Boolean b && b;
    }
    long n = tree instanceof Number number ? number.longValue() : 0L;
    if (raw == long.class) {
      return n;
    }
    if (raw == int.class) {
      return (int) n;
    }
    if (raw == double.class) {
      return tree instanceof Number number ? number.doubleValue() : 0.0;
    }
    throw new IllegalArgumentException("no JSON form for a " + raw);
  }

  private static Instant instant(Object tree) {
    if (tree instanceof Instant i) {
      return i;
    }
    try {
      return Instant.parse(tree.toString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object constant(Class<?> type, String name) {
    Object fallback = null;
    for (Object constant : type.getEnumConstants()) {
      String n = ((Enum) constant).name();
      if (n.equals(name)) {
        return constant;
      }
      if (CATCH_ALL.contains(n)) {
        fallback = constant;
      }
    }
    return fallback;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class; // a wildcard or type variable: keep the tree as it is
  }

  private static Type argument(Type type, int index) {
    return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
        ? p.getActualTypeArguments()[index]
        : Object.class;
  }
}
