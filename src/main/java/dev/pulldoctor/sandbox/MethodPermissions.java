package dev.pulldoctor.sandbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Google's map of REST method → the IAM permissions it checks ({@code
 * dev/pulldoctor/method-permissions.json}, a copy of {@code shared/corpus/method-permissions.json}
 * from the public iam-dataset, with its source inside): what a sandbox method asks of its caller.
 * Pull Doctor's own table of needs ({@code gcp/ApiPermission}) is held to this file by a test,
 * never the other way round.
 */
public final class MethodPermissions {
  private static final String RESOURCE = "/dev/pulldoctor/method-permissions.json";
  private static final MethodPermissions GOOGLE = load();

  private final Map<String, List<String>> byMethod;

  private MethodPermissions(Map<String, List<String>> byMethod) {
    this.byMethod = Map.copyOf(byMethod);
  }

  /** The map shipped with the sandbox. */
  public static MethodPermissions google() {
    return GOOGLE;
  }

  /** The permissions {@code restMethod} checks (empty: none of its own), if Google's map has it. */
  public Optional<List<String>> of(String restMethod) {
    return Optional.ofNullable(byMethod.get(restMethod));
  }

  /**
   * The one permission {@code restMethod} checks.
   *
   * @throws IllegalStateException when the map lacks the method or gives it another number
   */
  public String single(String restMethod) {
    List<String> p =
        of(restMethod)
            .orElseThrow(() -> new IllegalStateException(restMethod + " is not in " + RESOURCE));
    if (p.size() != 1) {
      throw new IllegalStateException(restMethod + " checks " + p + ", not one permission");
    }
    return p.get(0);
  }

  /** Every method of the map. */
  public Map<String, List<String>> all() {
    return byMethod;
  }

  private static MethodPermissions load() {
    try (InputStream in = MethodPermissions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      JsonObject methods =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject()
              .getAsJsonObject("methods");
      Map<String, List<String>> table = new HashMap<>();
      for (Map.Entry<String, JsonElement> m : methods.entrySet()) {
        List<String> perms = new ArrayList<>();
        m.getValue().getAsJsonArray().forEach(p -> perms.add(p.getAsString()));
        table.put(m.getKey(), List.copyOf(perms));
      }
      return new MethodPermissions(table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
