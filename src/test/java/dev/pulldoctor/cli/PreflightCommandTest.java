package dev.pulldoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.cli.ClassifyCommandTest.CliRun;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** {@code pull-doctor audit --manifest}: the pre-flight through the command line, on a sandbox. */
class PreflightCommandTest {
  static final String WORLD = "src/test/resources/worlds/preflight.json";
  static final String CLUSTER = "acme-prod-417/us-central1/prod";
  static final String FAILING = "src/test/resources/manifests/failing.yaml";
  static final String CLEAN = "src/test/resources/manifests/clean.yaml";
  static final String AR = "us-central1-docker.pkg.dev/acme-prod-417/";
  static final String ZEROS = "0".repeat(64);

  @TempDir Path dir;

  private static CliRun preflight(String manifest, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("audit", "--world", WORLD, "--cluster", CLUSTER, "--manifest", manifest));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  /** The done-when rows, as the table and the JSON must both say them. */
  static final List<String> FAILING_ROWS =
      List.of(
          "Deployment/shop/checkout migrate "
              + AR
              + "tools/migrate:3.1 batch no"
              + " GRANT_ON_OTHER_ACCOUNT",
          "Deployment/shop/checkout checkout " + AR + "services/checkout:1.8.2 batch yes",
          "Deployment/shop/checkout proxy docker.io/istio/proxyv2:1.24.0 - skipped",
          "Deployment/shop/storefront web "
              + AR
              + "web/storefront:5.0 default-pool no"
              + " GRANT_ON_OTHER_ACCOUNT",
          "Deployment/shop/storefront web " + AR + "web/storefront:5.0 batch yes",
          "CronJob/shop/nightly-report report "
              + AR
              + "services/reports@sha256:"
              + ZEROS
              + " default-pool no IMAGE_NOT_FOUND");

  @Test
  void preflight_reportsThePinnedInitContainer_theUnpinnedWorkload_andTheMissingDigest_rowByRow() {
    CliRun run = preflight(FAILING);

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    List<String> lines = run.stdout().lines().toList();
    assertThat(lines.get(0).split("\\s{2,}"))
        .containsExactly("WORKLOAD", "CONTAINER", "IMAGE", "NODE POOL", "CAN PULL", "ROOT CAUSE");
    assertThat(lines.subList(1, 7).stream().map(l -> String.join(" ", l.split("\\s{2,}"))))
        .containsExactlyElementsOf(FAILING_ROWS);
    assertThat(run.stdout())
        .contains("3 of 6 containers × node pools cannot pull")
        .contains("1 skipped")
        .contains("2 other objects ignored")
        .contains(
            "gcloud artifacts repositories add-iam-policy-binding tools --location us-central1"
                + " --project acme-prod-417"
                + " --member=serviceAccount:batch-nodes@acme-prod-417.iam.gserviceaccount.com"
                + " --role=roles/artifactregistry.reader")
        .contains("gcloud artifacts docker tags list " + AR + "services/reports");
  }

  @Test
  void preflightJson_givesEveryContainerAndPool_withNullCanPullForSkippedImages() {
    CliRun run = preflight(FAILING, "--format", "json");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    JsonObject out = JsonParser.parseString(run.stdout()).getAsJsonObject();
    assertThat(out.get("cluster").getAsString()).isEqualTo(CLUSTER);
    JsonObject totals = out.getAsJsonObject("totals");
    assertThat(totals.get("containers").getAsInt()).isEqualTo(6);
    assertThat(totals.get("canPull").getAsInt()).isEqualTo(2);
    assertThat(totals.get("cannotPull").getAsInt()).isEqualTo(3);
    assertThat(totals.get("skipped").getAsInt()).isEqualTo(1);
    JsonArray containers = out.getAsJsonArray("containers");
    List<String> rows = new ArrayList<>();
    for (var e : containers) {
      JsonObject c = e.getAsJsonObject();
      String pull =
          c.get("canPull").isJsonNull()
              ? "skipped"
              : c.get("canPull").getAsBoolean() ? "yes" : "no";
      rows.add(
          String.join(
                  " ",
                  c.get("workload").getAsString(),
                  c.get("container").getAsString(),
                  c.get("image").getAsString(),
                  c.get("nodePool").isJsonNull() ? "-" : c.get("nodePool").getAsString(),
                  pull,
                  c.get("rootCause").isJsonNull() ? "" : c.get("rootCause").getAsString())
              .strip());
    }
    assertThat(rows).containsExactlyElementsOf(FAILING_ROWS);
    JsonObject migrate = containers.get(0).getAsJsonObject();
    assertThat(migrate.get("containerType").getAsString()).isEqualTo("INIT");
    assertThat(migrate.get("file").getAsString()).isEqualTo(FAILING);
    assertThat(migrate.get("line").getAsInt()).isEqualTo(33);
    assertThat(migrate.getAsJsonObject("advice").getAsJsonArray("commands")).hasSize(1);
    JsonObject checkout = containers.get(1).getAsJsonObject();
    assertThat(checkout.get("advice").isJsonNull()).isTrue();
    assertThat(checkout.get("rootCause").isJsonNull()).isTrue();
    assertThat(out.getAsJsonArray("ignored")).hasSize(2);
  }

  @Test
  void preflightGithub_annotatesEachFailingContainerAtItsImageLine_andNoticesSkippedOnes() {
    CliRun run = preflight(FAILING, "--format", "github");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    List<String> lines = run.stdout().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0))
        .startsWith(
            "::error file="
                + FAILING
                + ",line=33,title=GRANT_ON_OTHER_ACCOUNT%3A Deployment/shop/checkout container"
                + " migrate on node pool batch::Node pool batch of cluster prod runs as"
                + " batch-nodes@acme-prod-417.iam.gserviceaccount.com")
        .contains("%0AFix: gcloud artifacts repositories add-iam-policy-binding tools");
    assertThat(lines.get(1))
        .isEqualTo(
            "::notice file="
                + FAILING
                + ",line=38,title=skipped%3A docker.io/istio/proxyv2%3A1.24.0::not served by"
                + " Artifact Registry or gcr.io: Pull Doctor does not check it");
    assertThat(lines.get(2)).startsWith("::error file=" + FAILING + ",line=56,");
    assertThat(lines.get(3))
        .startsWith("::error file=" + FAILING + ",line=84,title=IMAGE_NOT_FOUND%3A");
    assertThat(lines.get(4)).startsWith("3 of 6 containers × node pools cannot pull");
  }

  @Test
  void preflightJunit_isOneTestCasePerRow_withFailuresAndSkips() throws Exception {
    CliRun run = preflight(FAILING, "--format", "junit");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    Document xml =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(run.stdout())));
    Element suites = xml.getDocumentElement();
    assertThat(suites.getTagName()).isEqualTo("testsuites");
    assertThat(suites.getAttribute("tests")).isEqualTo("6");
    assertThat(suites.getAttribute("failures")).isEqualTo("3");
    assertThat(suites.getAttribute("skipped")).isEqualTo("1");
    NodeList cases = xml.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(6);
    Element migrate = (Element) cases.item(0);
    assertThat(migrate.getAttribute("classname")).isEqualTo("Deployment/shop/checkout");
    assertThat(migrate.getAttribute("name"))
        .isEqualTo("migrate (" + AR + "tools/migrate:3.1) on node pool batch");
    Element failure = (Element) migrate.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("type")).isEqualTo("GRANT_ON_OTHER_ACCOUNT");
    assertThat(failure.getTextContent()).startsWith("gcloud artifacts repositories");
    assertThat(((Element) cases.item(2)).getElementsByTagName("skipped").getLength()).isOne();
    assertThat(((Element) cases.item(1)).getChildNodes().getLength()).isZero();
  }

  @Test
  void aCleanManifestFromStdin_exitsZero() throws Exception {
    CliRun run = withStdin(Files.readString(Path.of(CLEAN)), () -> preflight("-"));

    assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("All 5 containers × node pools can pull")
        .doesNotContain("Next steps");
    assertThat(run.stdout().lines().filter(l -> l.contains(" no ")).count()).isZero();
    assertThat(run.stdout().lines().filter(l -> l.startsWith("Job/shop/warm-cache")).count())
        .as("the affinity's two terms allow both pools")
        .isEqualTo(2);
    assertThat(run.stdout()).contains("StatefulSet/default/checkout-db-migrator  shell");
  }

  @Test
  void aCleanManifestFromStdin_annotatesWithoutAFile_inGithubFormat() throws Exception {
    CliRun run =
        withStdin(Files.readString(Path.of(CLEAN)), () -> preflight("-", "--format", "github"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout().lines().toList())
        .containsExactly(
            "::notice title=skipped%3A busybox%3A1.36::not served by Artifact Registry or"
                + " gcr.io: Pull Doctor does not check it",
            "All 5 containers × node pools can pull (2 workloads on cluster "
                + CLUSTER
                + "; 1 skipped; 2 access checks).");
  }

  @Test
  void aWorkloadPinnedToAPoolTheClusterLacks_cannotPull_andSaysWhy() {
    CliRun run = preflight("src/test/resources/manifests/missing-pool.yaml", "--format", "json");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    JsonObject row =
        JsonParser.parseString(run.stdout())
            .getAsJsonObject()
            .getAsJsonArray("containers")
            .get(0)
            .getAsJsonObject();
    assertThat(row.get("workload").getAsString()).isEqualTo("DaemonSet/monitoring/gpu-exporter");
    assertThat(row.get("nodePool").getAsString()).isEqualTo("gpu");
    assertThat(row.get("canPull").getAsBoolean()).isFalse();
    assertThat(row.get("rootCause").getAsString()).isEqualTo("NODE_POOL_NOT_FOUND");
    assertThat(row.get("summary").getAsString())
        .isEqualTo(
            "Cluster acme-prod-417/us-central1/prod has no node pool gpu, so its pods are never"
                + " scheduled and never pull (DaemonSet gpu-exporter asks for nodeSelector"
                + " cloud.google.com/gke-nodepool: gpu; the cluster's node pools are"
                + " default-pool, batch).");
  }

  @Test
  void aWorkloadThatNoPoolMatches_cannotPull_withoutNamingAPool() throws Exception {
    Path job =
        Files.writeString(
            dir.resolve("nowhere.yaml"),
            """
            kind: Job
            metadata: {name: once}
            spec:
              template:
                spec:
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms:
                          - matchExpressions:
                              - {key: cloud.google.com/gke-nodepool, operator: NotIn,
                                 values: [default-pool, batch]}
                  containers: [{name: c, image: busybox}]
            """);

    CliRun run = preflight(job.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout().lines().toList().get(1).split("\\s{2,}"))
        .containsExactly("Job/default/once", "c", "busybox", "-", "no", "NODE_POOL_NOT_FOUND");
    assertThat(run.stdout())
        .contains("gcloud container node-pools list --cluster prod --location us-central1");
  }

  @Test
  void manifestsAreRepeatable_andReadInOrder() {
    CliRun run = preflight(CLEAN, "--manifest", "src/test/resources/manifests/missing-pool.yaml");

    assertThat(run.exitCode()).isEqualTo(1);
    List<String> lines = run.stdout().lines().toList();
    assertThat(lines.get(1)).startsWith("StatefulSet/default/checkout-db-migrator");
    assertThat(lines.get(6)).startsWith("DaemonSet/monitoring/gpu-exporter");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a document without kind | kind-less.yaml | apiVersion: v1\\n---\\nmetadata: {name: x}\\n"
            + " | kind-less.yaml:1: the object has no kind",
        "YAML that is broken     | broken.yaml    | kind: Pod\\nspec: [a\\nb: c\\n"
            + " | broken.yaml:3: not YAML",
        "a bad image             | image.yaml     | kind: Pod\\nmetadata: {name: p}\\nspec:\\n"
            + "  containers:\\n  - {name: c, image: 'a b'}\\n | image.yaml:5: container c:",
      })
  void anUnreadableManifest_exitsTwo_withFileAndLineInOneLine(
      String why, String name, String yaml, String says) throws Exception {
    Path file = Files.writeString(dir.resolve(name), yaml.strip().replace("\\n", "\n"));

    CliRun run = preflight(file.toString());

    assertThat(run.exitCode()).as(why).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr().lines().toList())
        .singleElement()
        .asString()
        .startsWith("pull-doctor audit: " + dir.resolve(says.strip()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a manifest that does not exist | --world "
            + WORLD
            + " --cluster "
            + CLUSTER
            + " --manifest nope.yaml | nope.yaml: no such file",
        "a manifest without a cluster   | --world "
            + WORLD
            + " --project acme-prod-417"
            + " --manifest "
            + CLEAN
            + " | --manifest needs --cluster",
        "a manifest and a repository    | --world "
            + WORLD
            + " --cluster "
            + CLUSTER
            + " --repository a/b/c --manifest "
            + CLEAN
            + " | do not apply to --manifest",
        "stdin twice                    | --world "
            + WORLD
            + " --cluster "
            + CLUSTER
            + " --manifest - --manifest - | stdin) can be given only once",
        "github without a manifest      | --world "
            + WORLD
            + " --cluster "
            + CLUSTER
            + " --format github | --format github needs --manifest",
        "a cluster that does not exist  | --world "
            + WORLD
            + " --cluster acme-prod-417/us-central1/nope --manifest "
            + CLEAN
            + " | cannot read cluster acme-prod-417/us-central1/nope",
      })
  void badUsage_exitsTwoWithOneLine(String why, String args, String says) {
    List<String> argv = new ArrayList<>(List.of("audit"));
    argv.addAll(List.of(args.strip().split("\\s+")));

    CliRun run = CliRun.of(argv.toArray(String[]::new));

    assertThat(run.exitCode()).as(why + ": " + run.stderr()).isEqualTo(2);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).contains(says.strip()).doesNotContain("\tat ");
    assertThat(run.stderr().lines().count()).as(run.stderr()).isOne();
  }

  @Test
  void auditHelp_teachesThePreflight() {
    CliRun run = CliRun.of("audit", "--help");

    assertThat(run.stdout())
        .contains("--manifest=FILE|-")
        .contains("helm template shop ./chart | pull-doctor audit --manifest -")
        .contains("--format github")
        .contains("--format junit");
    assertThat(run.stdout().lines()).allMatch(l -> l.length() <= 80);
  }

  /** Runs {@code cli} with {@code text} on System.in. */
  private static CliRun withStdin(String text, java.util.function.Supplier<CliRun> cli) {
    synchronized (CliRun.class) {
      InputStream in = System.in;
      try {
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        return cli.get();
      } finally {
        System.setIn(in);
      }
    }
  }
}
