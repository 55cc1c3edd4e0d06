package dev.pulldoctor.setup;

import dev.pulldoctor.domain.Durations;
import dev.pulldoctor.gcp.GcpSettings;
import dev.pulldoctor.remediate.RemediationMode;
import dev.pulldoctor.report.StoreSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The function's settings, read from environment variables, and handed to each adapter as its own
 * settings record ({@link #store}, {@link #gcp}); the function and the CLI both read them here.
 *
 * <p>{@link #DEFAULTS} must equal the {@code environment} block of {@code function.yaml}, which the
 * deployment reads: a test holds the two together. An invalid value stops the function at start
 * with a message naming the variable.
 */
public record Config(
    String firestoreDatabase,
    String findingsCollection,
    String eventsCollection,
    Duration diagnosisTtl,
    Duration eventRecordTtl,
    Duration maxEventAge,
    Duration apiDeadline,
    boolean errorReporting,
    AccessCheckMethod accessCheckMethod,
    RemediationMode remediationMode,
    Set<String> remediationAllowedProjects,
    Set<String> remediationAllowedPairs,
    int remediationMaxPerHour,
    String serviceVersion,
    String endpoints) {

  /** How "may the node's account pull?" is asked (DESIGN.md §3). */
  public enum AccessCheckMethod {
    /** Impersonate, then troubleshooter, then policy: the first that can answer. */
    AUTO,
    /** generateAccessToken for the node account, then testIamPermissions as it. */
    IMPERSONATE,
    /** IAM Policy Troubleshooter v3. */
    TROUBLESHOOTER,
    /** Pull Doctor's own reading of the allow policies. */
    POLICY
  }

  /** Environment variable → default, in the order function.yaml lists them. */
  public static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("FIRESTORE_DATABASE", "(default)");
    d.put("FINDINGS_COLLECTION", "pullFindings");
    d.put("EVENTS_COLLECTION", "pullEvents");
    d.put("DIAGNOSIS_TTL", "10m");
    d.put("EVENT_RECORD_TTL", "7d");
    d.put("MAX_EVENT_AGE", "1h");
    d.put("API_DEADLINE", "10s");
    d.put("ERROR_REPORTING", "on");
    d.put("ACCESS_CHECK_METHOD", "auto");
    d.put("REMEDIATION_MODE", "dry-run");
    d.put("REMEDIATION_ALLOWED_PROJECTS", "");
    d.put("REMEDIATION_ALLOWED_PAIRS", "");
    d.put("REMEDIATION_MAX_PER_HOUR", "10");
    d.put("SERVICE_VERSION", "0.1.0");
    return java.util.Collections.unmodifiableMap(d);
  }

  /** The settings from the process environment. */
  public static Config fromEnvironment() {
    return from(System.getenv());
  }

  /** The settings from {@code env}; unset variables take their {@link #DEFAULTS}. */
  public static Config from(Map<String, String> env) {
    Reader r = new Reader(env);
    return new Config(
        r.text("FIRESTORE_DATABASE"),
        r.text("FINDINGS_COLLECTION"),
        r.text("EVENTS_COLLECTION"),
        r.duration("DIAGNOSIS_TTL"),
        r.duration("EVENT_RECORD_TTL"),
        r.duration("MAX_EVENT_AGE"),
        r.duration("API_DEADLINE"),
        r.onOff("ERROR_REPORTING"),
        r.choice("ACCESS_CHECK_METHOD", AccessCheckMethod.class),
        r.choice("REMEDIATION_MODE", RemediationMode.class),
        r.list("REMEDIATION_ALLOWED_PROJECTS"),
        r.pairs("REMEDIATION_ALLOWED_PAIRS"),
        r.positiveInt("REMEDIATION_MAX_PER_HOUR"),
        r.text("SERVICE_VERSION"),
        env.getOrDefault("PULL_DOCTOR_ENDPOINTS", "").strip());
  }

  /** The Firestore adapter's settings. */
  public StoreSettings store() {
    return new StoreSettings(
        firestoreDatabase,
        findingsCollection,
        eventsCollection,
        eventRecordTtl,
        apiDeadline,
        StoreSettings.SUSTAINED_WRITE_INTERVAL);
  }

  /** The Google-client adapters' settings. */
  public GcpSettings gcp() {
    return new GcpSettings(endpoints, apiDeadline);
  }

  /** The defaults alone, as the CLI uses them. */
  public static Config defaultsOnly() {
    return from(Map.of());
  }

  /** A project id (https://cloud.google.com/resource-manager/docs/creating-managing-projects). */
  private static final Pattern PROJECT_PAIR =
      Pattern.compile("[a-z][a-z0-9.:-]*[a-z0-9]\\s*>\\s*[a-z][a-z0-9.:-]*[a-z0-9]");

  /** Reads one variable at a time and names it in every error. */
  private record Reader(Map<String, String> env) {
    String raw(String name) {
      String value = env.get(name);
      return value == null ? DEFAULTS.get(name) : value.strip();
    }

    String text(String name) {
      String value = raw(name);
      if (value.isEmpty()) {
        throw invalid(name, value, "must not be empty");
      }
      return value;
    }

    Duration duration(String name) {
      String value = raw(name);
      try {
        Duration d = Durations.parse(value);
        if (d.isNegative() || d.isZero()) {
          throw invalid(name, value, "must be positive");
        }
        return d;
      } catch (RuntimeException e) {
        if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith(name)) {
          throw iae;
        }
        throw invalid(name, value, "is not a duration such as 90s, 10m, 1h, 7d or PT10M");
      }
    }

    boolean onOff(String name) {
      return switch (raw(name).toLowerCase(Locale.ROOT)) {
        case "on", "true" -> true;
        case "off", "false" -> false;
        default -> throw invalid(name, raw(name), "must be on or off");
      };
    }

    <E extends Enum<E>> E choice(String name, Class<E> type) {
      String value = raw(name);
      String wanted = value.toUpperCase(Locale.ROOT).replace('-', '_');
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(wanted)) {
          return constant;
        }
      }
      String allowed =
          Arrays.stream(type.getEnumConstants())
              .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
              .collect(Collectors.joining("|"));
      throw invalid(name, value, "must be one of " + allowed);
    }

    Set<String> list(String name) {
      return Arrays.stream(raw(name).split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .collect(Collectors.toUnmodifiableSet());
    }

    /** {@code CLUSTER_PROJECT>REPOSITORY_PROJECT,…}: each pair of two project ids. */
    Set<String> pairs(String name) {
      Set<String> pairs = list(name);
      for (String pair : pairs) {
        if (!PROJECT_PAIR.matcher(pair).matches()) {
          throw invalid(
              name,
              raw(name),
              "must list CLUSTER_PROJECT>REPOSITORY_PROJECT pairs, such as"
                  + " acme-dev>acme-shared; '"
                  + pair
                  + "' is not one");
        }
      }
      return pairs.stream()
          .map(p -> p.replaceAll("\\s", ""))
          .collect(Collectors.toUnmodifiableSet());
    }

    int positiveInt(String name) {
      String value = raw(name);
      try {
        int n = Integer.parseInt(value);
        if (n < 0) {
          throw invalid(name, value, "must be zero or more");
        }
        return n;
      } catch (NumberFormatException e) {
        throw invalid(name, value, "must be a whole number");
      }
    }

    static IllegalArgumentException invalid(String name, String value, String why) {
      return new IllegalArgumentException(name + "='" + value + "' " + why);
    }
  }

  /** Names of the variables, for messages. */
  public static List<String> names() {
    return List.copyOf(DEFAULTS.keySet());
  }
}
