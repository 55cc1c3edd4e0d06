package dev.pulldoctor.sandbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The predefined roles the sandbox knows and the permissions each grants.
 *
 * <p>The table is {@code dev/pulldoctor/roles.json} in the resources, a byte-for-byte copy of
 * {@code shared/corpus/roles.json} (one copy for the whole project): real role definitions from
 * https://github.com/iann0036/iam-dataset — the commit is in the file's {@code source} field, and
 * {@code roles.README.md} beside it says how the roles and permissions were filtered. A role
 * missing from it grants nothing, and the sandbox says so once on stderr.
 */
final class Roles {

  private static final String RESOURCE = "/dev/pulldoctor/roles.json";

  private final Map<String, Set<String>> permissions;
  private final String source;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private Roles(Map<String, Set<String>> permissions, String source) {
    this.permissions = permissions;
    this.source = source;
  }

  /** The table shipped with the sandbox. */
  static Roles predefined() {
    try (InputStream in = Roles.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      JsonObject root =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject();
      Map<String, Set<String>> table = new HashMap<>();
      for (Map.Entry<String, JsonElement> role : root.getAsJsonObject("roles").entrySet()) {
        Set<String> perms = new HashSet<>();
        role.getValue()
            .getAsJsonObject()
            .getAsJsonArray("permissions")
            .forEach(p -> perms.add(p.getAsString()));
        table.put(role.getKey(), Set.copyOf(perms));
      }
      JsonObject src = root.getAsJsonObject("source");
      return new Roles(
          Map.copyOf(table),
          src.get("repository").getAsString() + " @ " + src.get("commit").getAsString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * These roles and {@code custom} ones ({@code projects/P/roles/ID} or {@code
   * organizations/N/roles/ID} to their permissions), as a world defines them the way Terraform's
   * {@code google_project_iam_custom_role} does — Pull Doctor's inspector role holds a permission
   * no predefined role has (artifactregistry.vpcscconfigs.get).
   */
  Roles with(Map<String, Set<String>> custom) {
    if (custom.isEmpty()) {
      return this;
    }
    Map<String, Set<String>> table = new HashMap<>(permissions);
    custom.forEach((role, p) -> table.put(role, Set.copyOf(p)));
    return new Roles(Map.copyOf(table), source);
  }

  /** Where the table comes from: repository and commit. */
  String source() {
    return source;
  }

  /** The role's permissions, or empty (with a warning, once per role) when the table lacks it. */
  Optional<Set<String>> permissions(String role) {
    Set<String> p = permissions.get(role);
    if (p == null && warned.add(role)) {
      System.err.println(
          "sandbox: warning: "
              + role
              + " is not in the sandbox's role table ("
              + source
              + "); it grants nothing here");
    }
    return Optional.ofNullable(p);
  }

  /** Whether the role grants the permission; empty when the role is unknown. */
  Optional<Boolean> includes(String role, String permission) {
    return permissions(role).map(p -> p.contains(permission));
  }
}
