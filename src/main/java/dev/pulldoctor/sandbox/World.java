package dev.pulldoctor.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated state of Google Cloud that a {@link Sandbox} serves: projects with their enabled
 * APIs, allow and deny policies, service accounts, clusters, repositories and functions.
 *
 * <p>Loaded from the JSON format of DESIGN.md §8, with these extensions (WORLD.md beside this class
 * has the details):
 *
 * <ul>
 *   <li>{@code projects.P.functions}: {@code "LOCATION/NAME" → {state, runtime, entryPoint,
 *       serviceAccount, triggerTopic, retryPolicy, environment{}}} for Cloud Functions v2;
 *   <li>{@code "autopilot": true} on a cluster;
 *   <li>{@code iamPolicy} bindings on a service account (who may impersonate it);
 *   <li>an instance group written {@code ZONE/NAME} pins its zone;
 *   <li>{@code exceptionPermissions} on a deny rule; keys starting with {@code _} are comments.
 * </ul>
 *
 * <p>Allow policies are the only mutable part ({@code setIamPolicy} changes them); they sit behind
 * this object's lock and each write gives the policy a new etag.
 */
public final class World {

  /** An allow policy as read at one moment: its bindings and its etag (base64). */
  public record Policy(List<Binding> bindings, String etag) {
    public Policy {
      bindings = List.copyOf(bindings);
    }
  }

  /** Thrown by {@link #setPolicy} when the caller's etag is not the current one. */
  public static final class StaleEtagException extends Exception {
    StaleEtagException() {
      super("etag mismatch");
    }
  }

  private final String caller;
  private final Map<String, Project> projects;
  private final Map<String, Project> projectsByNumber = new HashMap<>();
  private final Map<String, ServiceAccount> accounts = new HashMap<>();
  private final Map<PolicyKey, List<Binding>> policies;
  private final Map<PolicyKey, Long> revisions = new HashMap<>();
  private final Modes modes;
  private long writes;

  World(
      String caller,
      Map<String, Project> projects,
      Map<PolicyKey, List<Binding>> policies,
      Modes modes) {
    this.caller = caller;
    this.modes = modes;
    this.projects = projects;
    this.policies = new HashMap<>(policies);
    for (Project p : projects.values()) {
      projectsByNumber.put(p.number(), p);
      accounts.putAll(p.serviceAccounts());
    }
  }

  /** Reads and validates a world file; a problem is a {@link WorldException} of one line. */
  public static World load(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new WorldException("$", "no such file");
    } catch (IOException e) {
      throw new WorldException("$", "cannot read: " + e.getMessage());
    }
    return parse(json);
  }

  /** Validates a world given as JSON text; a problem is a {@link WorldException} of one line. */
  public static World parse(String json) {
    return WorldParser.parse(json);
  }

  /** Secrets, keys, repository modes, media types and pool versions. */
  Modes modes() {
    return modes;
  }

  /** Pull Doctor's own identity, e.g. {@code serviceAccount:pull-doctor@acme-ops.iam…}. */
  public String caller() {
    return caller;
  }

  public Collection<Project> projects() {
    return projects.values();
  }

  /** The project with this id or number. */
  public Optional<Project> project(String idOrNumber) {
    Project p = projects.get(idOrNumber);
    return Optional.ofNullable(p != null ? p : projectsByNumber.get(idOrNumber));
  }

  /** The service account with this email or unique id, wherever it lives. */
  public Optional<ServiceAccount> serviceAccount(String emailOrUniqueId) {
    ServiceAccount sa = accounts.get(emailOrUniqueId.toLowerCase(java.util.Locale.ROOT));
    if (sa != null) {
      return Optional.of(sa);
    }
    return accounts.values().stream()
        .filter(a -> uniqueId(a.email()).equals(emailOrUniqueId))
        .findFirst();
  }

  /** The stable numeric id of a service account, derived from its email. */
  public static String uniqueId(String email) {
    byte[] h = sha256(email.toLowerCase(java.util.Locale.ROOT));
    StringBuilder id = new StringBuilder("1");
    for (int i = 0; id.length() < 21; i++) {
      id.append(Math.floorMod(h[i], 10));
    }
    return id.toString();
  }

  /** The allow policy of a resource right now (empty for one that has none). */
  public synchronized Policy policy(PolicyKey key) {
    return new Policy(policies.getOrDefault(key, List.of()), etag(key));
  }

  /**
   * Replaces a resource's bindings. An empty {@code expectedEtag} writes unconditionally, as Google
   * does; any other must be the current etag (https://cloud.google.com/iam/docs/policies#etag).
   */
  public synchronized Policy setPolicy(PolicyKey key, List<Binding> bindings, String expectedEtag)
      throws StaleEtagException {
    if (!expectedEtag.isEmpty() && !expectedEtag.equals(etag(key))) {
      throw new StaleEtagException();
    }
    policies.put(key, List.copyOf(bindings));
    revisions.put(key, ++writes);
    return policy(key);
  }

  private String etag(PolicyKey key) {
    byte[] h = sha256(key + "#" + revisions.getOrDefault(key, 0L));
    return Base64.getEncoder().encodeToString(Arrays.copyOf(h, 8));
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Every service account of the world, for messages and tests. */
  public List<ServiceAccount> serviceAccounts() {
    return new ArrayList<>(accounts.values());
  }
}
