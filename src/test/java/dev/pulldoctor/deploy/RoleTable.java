package dev.pulldoctor.deploy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Predefined roles and the permissions each holds, from {@code dev/pulldoctor/roles.json} (a copy
 * of {@code shared/corpus/roles.json}; its {@code source} field names where the data comes from).
 */
public final class RoleTable {

  private RoleTable() {}

  /** Role name → permissions, for the roles the file lists. */
  public static Map<String, Set<String>> load() {
    try (InputStream in = RoleTable.class.getResourceAsStream("/dev/pulldoctor/roles.json")) {
      if (in == null) {
        throw new IllegalStateException("roles.json is not on the test class path");
      }
      JsonObject roles =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject()
              .getAsJsonObject("roles");
      Map<String, Set<String>> table = new LinkedHashMap<>();
      roles
          .entrySet()
          .forEach(
              e -> {
                Set<String> permissions = new LinkedHashSet<>();
                e.getValue()
                    .getAsJsonObject()
                    .getAsJsonArray("permissions")
                    .forEach(p -> permissions.add(p.getAsString()));
                table.put(e.getKey(), Set.copyOf(permissions));
              });
      return Map.copyOf(table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
