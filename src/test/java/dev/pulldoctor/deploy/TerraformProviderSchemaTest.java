package dev.pulldoctor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every resource type, attribute and nested block name of the Terraform module and its examples is
 * in the google provider's real schema, offline: {@code scripts/terraform-schema-check.mjs} reads
 * the schema from the provider's prebuilt cdktf bindings and the files with hcl2json, both pinned
 * in {@code scripts/terraform-schema/package-lock.json} ({@code npm ci --prefix
 * scripts/terraform-schema}, which {@code .ci/run} does). Without node or the packages this test
 * fails; it never skips.
 */
class TerraformProviderSchemaTest {

  private static final Path SCRIPT = Path.of("scripts/terraform-schema-check.mjs");
  private static final Path TOOLS = Path.of("scripts/terraform-schema");
  private static final Set<String> META_ARGUMENTS =
      Set.of("count", "for_each", "depends_on", "provider", "lifecycle", "provisioner");

  @Test
  void everyNameTheModuleAndItsExamplesUse_isInTheProviderSchema() {
    Run run = check(TerraformModule.DIRECTORY);

    assertThat(run.problems())
        .as("names the google provider's schema does not have (%s)", run.summary().get("schema"))
        .isEmpty();
    assertThat(run.exitCode()).as("exit status; stderr:%n%s", run.stderr()).isZero();
    assertThat(run.summary().get("schema").getAsString())
        .isEqualTo("@cdktf/provider-google 16.12.1 (hashicorp/google 6.50.0)");

    // It really checked something: the counts, and the same names the Java reader sees.
    assertThat(run.count("files")).isGreaterThanOrEqualTo(18);
    assertThat(run.count("resourceTypes")).isGreaterThanOrEqualTo(20);
    assertThat(run.count("blocks")).isGreaterThanOrEqualTo(25);
    assertThat(run.count("nestedBlocks")).isGreaterThanOrEqualTo(15);
    assertThat(run.count("attributes")).isGreaterThanOrEqualTo(150);
    assertThat(run.count("moduleArguments")).isGreaterThanOrEqualTo(10);
    assertThat(run.count("versionConstraints")).as("the module's and each example's").isEqualTo(3);
    assertThat(run.checked())
        .contains(
            "resource.google_cloudfunctions2_function.service_config.available_memory",
            "resource.google_cloudfunctions2_function.build_config.source.storage_source.bucket",
            "resource.google_firestore_index.fields.field_path",
            "resource.google_logging_metric.metric_descriptor.labels.value_type",
            "resource.google_logging_project_sink.unique_writer_identity",
            "provider.google.project");
    assertThat(run.count("references")).isGreaterThanOrEqualTo(30);
    assertThat(run.referenced())
        .contains(
            "resource.google_cloudfunctions2_function.service_config.service",
            "resource.google_logging_project_sink.writer_identity",
            "resource.google_service_account.email");
    assertThat(run.checked())
        .as("names checked by the script, against those the Java HCL reader finds")
        .isEqualTo(namesTheJavaReaderFinds());
  }

  @Test
  void misspelledComputedOnlyMissingMisshapenAndUndeclaredNames_areReported(@TempDir Path dir)
      throws IOException {
    Path module = dir.resolve("terraform");
    copy(TerraformModule.DIRECTORY, module);
    edit(module.resolve("function.tf"), "available_memory", "avaliable_memory");
    edit(module.resolve("firestore.tf"), "field_path", "feild_path");
    edit(
        module.resolve("logging.tf"),
        "\"google_logging_project_sink\"",
        "\"google_logging_projects_sink\"");
    edit(module.resolve("versions.tf"), ">= 6.0.0, < 8.0.0", ">= 7.0.0, < 8.0.0");
    Files.writeString(
        module.resolve("extra.tf"),
        """
        resource "google_project_iam_custom_role" "extra" {
          project     = "p"
          role_id     = "extra"
          title       = "Extra"
          permissions = "storage.objects.get"
          deleted     = false
        }

        data "google_project" "host" {
          number = "1"
        }

        resource "google_pubsub_topic" "no_name" {
          project = "p"
        }

        output "misspelled" {
          value = [
            google_service_account.function.emial,
            google_cloudfunctions2_function.function.service_config[0].servise,
            google_pubsub_topic.undeclared.id,
          ]
        }
        """);

    Run run = check(module);

    assertThat(run.exitCode()).as("stderr:%n%s", run.stderr()).isEqualTo(1);
    assertThat(run.problems())
        .containsExactlyInAnyOrder(
            "google_cloudfunctions2_function.function.service_config.avaliable_memory: unknown"
                + " attribute or block avaliable_memory (did you mean available_memory?)",
            "google_firestore_index.findings.fields.feild_path: unknown attribute or block"
                + " feild_path (did you mean field_path?)",
            "google_logging_projects_sink.events: unknown resource type"
                + " google_logging_projects_sink (did you mean google_logging_project_sink,"
                + " google_logging_folder_sink, google_billing_project_info?)",
            "google_project_iam_custom_role.extra.deleted: deleted is computed-only: the provider"
                + " sets it, a configuration cannot",
            "google_project_iam_custom_role.extra.permissions: permissions takes a list, not a"
                + " single value",
            "data.google_project.host.number: number is computed-only: the provider sets it, a"
                + " configuration cannot",
            "google_pubsub_topic.no_name: required attribute name is missing",
            "google_service_account.function: google_service_account.function.emial: emial is not"
                + " an attribute of google_service_account (did you mean email?)",
            "google_cloudfunctions2_function.function:"
                + " google_cloudfunctions2_function.function.service_config[0].servise:"
                + " service_config.servise is not an attribute of google_cloudfunctions2_function"
                + " (did you mean service?)",
            "google_logging_project_sink.events: google_logging_project_sink.events[*]"
                + ".writer_identity refers to google_logging_project_sink.events, which this module"
                + " does not declare",
            "google_pubsub_topic.undeclared: google_pubsub_topic.undeclared.id refers to"
                + " google_pubsub_topic.undeclared, which this module does not declare",
            "terraform.required_providers.google: version \">= 7.0.0, < 8.0.0\" excludes 6.50.0"
                + " (>= 7.0.0); this check holds the files to google 6.50.0: pin the bindings of a"
                + " version the module allows");
  }

  // --- the script -------------------------------------------------------------------------------

  record Run(int exitCode, JsonObject json, String stderr) {
    JsonObject summary() {
      return json.getAsJsonObject("summary");
    }

    int count(String name) {
      return summary().get(name).getAsInt();
    }

    Set<String> checked() {
      return strings(json.getAsJsonArray("checked"));
    }

    Set<String> referenced() {
      return strings(json.getAsJsonArray("referenced"));
    }

    /** {@code where: message}, without the file. */
    List<String> problems() {
      List<String> out = new ArrayList<>();
      for (JsonElement e : json.getAsJsonArray("problems")) {
        JsonObject p = e.getAsJsonObject();
        out.add(p.get("where").getAsString() + ": " + p.get("message").getAsString());
      }
      return out;
    }
  }

  private static Run check(Path terraform) {
    if (!Files.isRegularFile(TOOLS.resolve("node_modules/@cdktf/provider-google/.jsii"))
        || !Files.isDirectory(TOOLS.resolve("node_modules/@cdktf/hcl2json"))) {
      fail(
          "the provider schema check needs its npm packages, which are not installed: run `npm ci"
              + " --prefix "
              + TOOLS
              + "` (node 20 and npm; `bash .ci/run` does it)");
    }
    Process process;
    try {
      process =
          new ProcessBuilder("node", SCRIPT.toString(), "--json", terraform.toString()).start();
    } catch (IOException e) {
      throw new AssertionError(
          "node is not on PATH: the offline provider schema check runs "
              + SCRIPT
              + " with node 20 (`bash .ci/run` needs node and npm)",
          e);
    }
    CompletableFuture<String> stderr =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String stdout = read(process.getInputStream());
    try {
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("%s did not finish in 180 s", SCRIPT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (process.exitValue() > 1) {
      fail("%s could not run (exit %d):%n%s", SCRIPT, process.exitValue(), stderr.join());
    }
    return new Run(
        process.exitValue(), JsonParser.parseString(stdout).getAsJsonObject(), stderr.join());
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> strings(JsonArray array) {
    Set<String> out = new TreeSet<>();
    array.forEach(e -> out.add(e.getAsString()));
    return out;
  }

  // --- the same names, read with the Java HCL reader ---------------------------------------------

  /** {@code resource.<type>.<attribute or block>...} of the module and each example. */
  private static Set<String> namesTheJavaReaderFinds() {
    Set<String> names = new TreeSet<>();
    List<Path> modules = new ArrayList<>(List.of(TerraformModule.DIRECTORY));
    try (Stream<Path> examples = Files.list(TerraformModule.DIRECTORY.resolve("examples"))) {
      examples.filter(Files::isDirectory).sorted().forEach(modules::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path m : modules) {
      for (Hcl.Block b : TerraformModule.load(m).blocks()) {
        switch (b.type()) {
          case "resource", "data" -> names(b, b.type() + "." + b.labels().get(0), true, names);
          case "provider" -> names(b, "provider." + b.labels().get(0), true, names);
          default -> {}
        }
      }
    }
    return names;
  }

  private static void names(Hcl.Block block, String prefix, boolean top, Set<String> names) {
    for (String a : block.attributes().keySet()) {
      if (!(top && META_ARGUMENTS.contains(a)) && !a.equals("alias")) {
        names.add(prefix + "." + a);
      }
    }
    for (Hcl.Block nested : block.blocks()) {
      if (top && META_ARGUMENTS.contains(nested.type())) {
        continue;
      }
      if (nested.type().equals("dynamic")) {
        String name = nested.labels().get(0);
        names.add(prefix + "." + name);
        names(nested.block("content"), prefix + "." + name, false, names);
      } else {
        names.add(prefix + "." + nested.type());
        names(nested, prefix + "." + nested.type(), false, names);
      }
    }
  }

  // --- files ------------------------------------------------------------------------------------

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else if (f.toString().endsWith(".tf")) {
          Files.copy(f, target);
        }
      }
    }
  }

  private static void edit(Path file, String from, String to) throws IOException {
    String text = Files.readString(file);
    assertThat(text).as(file.toString()).contains(from);
    Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
  }
}
