package dev.pulldoctor.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What {@code function.yaml} — the deployment's source of truth — says a deployed Pull Doctor
 * should be: runtime, entry point, retry policy and the defaults of its environment variables. The
 * build puts the project's {@code function.yaml} into the jar beside this class.
 */
public record FunctionContract(
    String name,
    String runtime,
    String entryPoint,
    String retryPolicy,
    Map<String, String> environment) {

  private static final String BUNDLED = "/dev/pulldoctor/function.yaml";

  public FunctionContract {
    environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
  }

  /** The {@code function.yaml} this build was made with. */
  public static FunctionContract bundled() {
    try (InputStream in = FunctionContract.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + BUNDLED);
      }
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "function.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A {@code function.yaml} on disk, e.g. a deployment's own copy. */
  public static FunctionContract read(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
    }
  }

  static FunctionContract parse(Reader in, String source) {
    Object root;
    try {
      // SafeConstructor: plain maps, lists and scalars only, whatever the file holds.
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(source + ": not YAML: " + firstLine(e.getMessage()));
    }
    if (!(root instanceof Map<?, ?> yaml)) {
      throw new IllegalArgumentException(source + ": expected a mapping at the top");
    }
    Map<String, String> environment = new LinkedHashMap<>();
    if (yaml.get("environment") instanceof Map<?, ?> env) {
      // Values are quoted in function.yaml; String.valueOf keeps an unquoted 10 or on readable.
      env.forEach((k, v) -> environment.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    } else if (yaml.get("environment") != null) {
      throw new IllegalArgumentException(source + ": environment must be a mapping");
    }
    return new FunctionContract(
        text(yaml, "name", source),
        text(yaml, "runtime", source),
        text(yaml, "entryPoint", source),
        text(yaml, "retryPolicy", source),
        environment);
  }

  /**
   * Every way {@code f} differs from this contract, one line each. A variable the function does not
   * set takes its default, so only a value that differs from the default counts.
   */
  public List<String> mismatches(DeployedFunction f) {
    List<String> out = new ArrayList<>();
    differs(out, "runtime", f.runtime(), runtime);
    differs(out, "entry point", f.entryPoint(), entryPoint);
    if (f.eventType() == null) {
      out.add(
          "no event trigger: the function receives no pull failures; function.yaml's retry"
              + " policy is "
              + retryPolicy);
    } else {
      differs(out, "retry policy", f.retryPolicy(), retryPolicy);
    }
    environment.forEach(
        (variable, byDefault) -> {
          String value = f.environment().get(variable);
          if (value != null && !value.equals(byDefault)) {
            out.add(
                variable + " is '" + value + "'; function.yaml's default is '" + byDefault + "'");
          }
        });
    return out;
  }

  /** The value the function runs with: its own, or function.yaml's default. */
  public String effective(DeployedFunction f, String variable) {
    return f.environment().getOrDefault(variable, environment.get(variable));
  }

  private static void differs(List<String> out, String what, String actual, String expected) {
    if (!expected.equals(actual)) {
      out.add(
          what
              + " is "
              + (actual == null || actual.isEmpty() ? "unset" : actual)
              + "; function.yaml says "
              + expected);
    }
  }

  private static String text(Map<?, ?> yaml, String key, String source) {
    Object v = yaml.get(key);
    if (v == null || String.valueOf(v).isBlank()) {
      throw new IllegalArgumentException(source + ": " + key + " is missing");
    }
    return String.valueOf(v);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
