package dev.pulldoctor.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** {@code function.yaml}, the deployment settings that the function and Terraform share. */
public final class FunctionYaml {

  /** At the project root (Maven's working directory). */
  public static final Path PATH = Path.of("function.yaml");

  private FunctionYaml() {}

  /**
   * The file as maps, lists and scalars, in file order. SnakeYAML reads YAML 1.1, stricter than
   * Terraform's yamldecode about what stays a string: an unquoted {@code on} would come back as a
   * boolean here, which is how the tests see that every environment value is quoted.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> load() {
    try (Reader in = Files.newBufferedReader(PATH)) {
      return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code environment} map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> environment(Map<String, Object> yaml) {
    return (Map<String, Object>) yaml.get("environment");
  }
}
