package dev.pulldoctor.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated state of Google Cloud that a {@link Sandbox} serves: an organization and folders
 * above projects, projects with their enabled APIs, allow policies (with IAM Conditions) and deny
 * rules at each level, service accounts, clusters, repositories and functions, and the world's
 * clock for conditions.
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
 *   <li>{@code exceptionPermissions} on a deny rule; keys starting with {@code _} are comments;
 *   <li>{@code now}, {@code organizations}, {@code folders}, a project's {@code parent} and a
 *       binding's {@code condition} (DESIGN.md §8), all optional.
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
  private final Instant now;
  private final Map<String, Organization> organizations;
  private final Map<String, Folder> folders;
  private final Map<String, Project> projects;
  private final Map<String, Project> projectsByNumber = new HashMap<>();
  private final Map<String, ServiceAccount> accounts = new HashMap<>();
  private final Map<PolicyKey, List<Binding>> policies;
  private final Map<PolicyKey, Long> revisions = new HashMap<>();
  private final Modes modes;
  private final Map<String, Set<String>> customRoles;
  private long writes;

  World(
      String caller,
      Instant now,
      Map<String, Organization> organizations,
      Map<String, Folder> folders,
      Map<String, Project> projects,
      Map<PolicyKey, List<Binding>> policies,
      Modes modes,
      Map<String, Set<String>> customRoles) {
    this.caller = caller;
    this.modes = modes;
    this.customRoles = Map.copyOf(customRoles);
    this.now = now;
    this.organizations = organizations;
    this.folders = folders;
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

  /** The custom roles the projects define, by full name ({@code projects/P/roles/ID}). */
  Map<String, Set<String>> customRoles() {
    return customRoles;
  }

  /** Pull Doctor's own identity, e.g. {@code serviceAccount:pull-doctor@acme-ops.iam…}. */
  public String caller() {
    return caller;
  }

  public Collection<Project> projects() {
    return projects.values();
  }

  /** The world's clock for conditions: its {@code now}, or the real time when it has none. */
  public Instant now() {
    return now != null ? now : Instant.now();
  }

  /** The organization named {@code organizations/N}. */
  public Optional<Organization> organization(String name) {
    return Optional.ofNullable(organizations.get(name));
  }

  /** The folder named {@code folders/N}. */
  public Optional<Folder> folder(String name) {
    return Optional.ofNullable(folders.get(name));
  }

  public Collection<Organization> organizations() {
    return organizations.values();
  }

  public Collection<Folder> folders() {
    return folders.values();
  }

  /**
   * The resources above {@code key} whose policies it inherits, nearest first: a repository's or
   * service account's project, then the project's folders and organization.
   */
  public List<PolicyKey> ancestors(PolicyKey key) {
    List<PolicyKey> out = new ArrayList<>();
    String parent =
        switch (key.kind()) {
          case REPOSITORY, SERVICE_ACCOUNT, SECRET, CRYPTO_KEY -> {
            out.add(key.parent());
            yield project(key.project()).map(Project::parent).orElse("");
          }
          case PROJECT -> project(key.project()).map(Project::parent).orElse("");
          case FOLDER -> folder(key.name()).map(Folder::parent).orElse("");
          case ORGANIZATION -> "";
        };
    // The parser refused cycles, so this ends at an organization or a project without a parent.
    while (!parent.isEmpty()) {
      if (parent.startsWith("folders/")) {
        out.add(PolicyKey.folder(parent));
        parent = folder(parent).map(Folder::parent).orElse("");
      } else {
        out.add(PolicyKey.organization(parent));
        parent = "";
      }
    }
    return out;
  }

  /** The deny rules attached to a project, folder or organization (none elsewhere). */
  public List<DenyRule> denyRules(PolicyKey key) {
    return switch (key.kind()) {
      case PROJECT -> project(key.project()).map(Project::denyRules).orElse(List.of());
      case FOLDER -> folder(key.name()).map(Folder::denyRules).orElse(List.of());
      case ORGANIZATION -> organization(key.name()).map(Organization::denyRules).orElse(List.of());
      default -> List.of();
    };
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
