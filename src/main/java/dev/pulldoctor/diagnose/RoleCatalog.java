package dev.pulldoctor.diagnose;

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
import java.util.Set;

/**
 * Predefined IAM roles and the permissions that matter to Pull Doctor, from {@code
 * dev/pulldoctor/roles.json} (source: github.com/iann0036/iam-dataset, see its {@code source}
 * field). A role the table lacks — a custom role — is unknown, never assumed to grant.
 */
public final class RoleCatalog {
  /** The permission a node needs to pull from a repository. */
  public static final String DOWNLOAD = "artifactregistry.repositories.downloadArtifacts";

  private static final String RESOURCE = "/dev/pulldoctor/roles.json";
  private static volatile RoleCatalog predefined;

  private final Map<String, Set<String>> permissionsByRole;

  public RoleCatalog(Map<String, Set<String>> permissionsByRole) {
    this.permissionsByRole = Map.copyOf(permissionsByRole);
  }

  /** The predefined roles shipped in the jar, read once. */
  public static RoleCatalog predefined() {
    RoleCatalog c = predefined;
    if (c == null) {
      synchronized (RoleCatalog.class) {
        if (predefined == null) {
          predefined = load();
        }
        c = predefined;
      }
    }
    return c;
  }

  private static RoleCatalog load() {
    try (InputStream in = RoleCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JsonObject roles =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject()
              .getAsJsonObject("roles");
      Map<String, Set<String>> map = new HashMap<>();
      for (Map.Entry<String, JsonElement> e : roles.entrySet()) {
        Set<String> permissions = new HashSet<>();
        e.getValue()
            .getAsJsonObject()
            .getAsJsonArray("permissions")
            .forEach(p -> permissions.add(p.getAsString()));
        map.put(e.getKey(), Set.copyOf(permissions));
      }
      return new RoleCatalog(map);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean knows(String role) {
    return permissionsByRole.containsKey(role);
  }

  public boolean grants(String role, String permission) {
    return permissionsByRole.getOrDefault(role, Set.of()).contains(permission);
  }

  /** True for a role that lets a node pull images. */
  public boolean grantsPull(String role) {
    return grants(role, DOWNLOAD);
  }

  /**
   * True for a gcr.io-era storage role: it reads Cloud Storage objects (how Container Registry
   * served images) but not Artifact Registry repositories.
   */
  public boolean isLegacyGcrRole(String role) {
    return grants(role, "storage.objects.get") && !grantsPull(role);
  }
}
