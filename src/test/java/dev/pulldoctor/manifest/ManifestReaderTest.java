package dev.pulldoctor.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.manifest.Container.Role;
import dev.pulldoctor.manifest.ManifestReader.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading Kubernetes YAML as helm template and kustomize build print it. */
class ManifestReaderTest {
  static final String FAILING = "src/test/resources/manifests/failing.yaml";

  private static Manifest read(String file) throws Exception {
    return ManifestReader.read(file, Files.readString(Path.of(file)));
  }

  @Test
  void helmOutput_givesEveryWorkload_withItsContainersInPullOrder_andTheirLines() throws Exception {
    Manifest m = read(FAILING);

    assertThat(m.workloads())
        .extracting(Workload::id)
        .containsExactly(
            "Deployment/shop/checkout",
            "Deployment/shop/storefront",
            "CronJob/shop/nightly-report");
    Workload checkout = m.workloads().get(0);
    assertThat(checkout.containers())
        .extracting(c -> c.name() + " " + c.role() + " " + c.line())
        .containsExactly("migrate INIT 33", "checkout CONTAINER 36", "proxy CONTAINER 38");
    assertThat(checkout.placement().nodeSelectorPool()).isEqualTo("batch");
    assertThat(checkout.file()).isEqualTo(FAILING);
    assertThat(m.workloads().get(1).placement()).isEqualTo(Placement.ANYWHERE);
    Workload cron = m.workloads().get(2);
    assertThat(cron.containers()).singleElement().extracting(Container::line).isEqualTo(84);
    assertThat(cron.placement().describe())
        .isEqualTo("required node affinity cloud.google.com/gke-nodepool NotIn [batch]");
    assertThat(m.ignored())
        .extracting(i -> i.kind() + " " + i.name() + " " + i.line())
        .containsExactly("Service checkout 3", "ConfigMap report-config 85");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Pod                   | Pod                   | spec",
        "Deployment            | Deployment            | spec: {template: {spec:",
        "ReplicaSet            | ReplicaSet            | spec: {template: {spec:",
        "StatefulSet           | StatefulSet           | spec: {template: {spec:",
        "DaemonSet             | DaemonSet             | spec: {template: {spec:",
        "Job                   | Job                   | spec: {template: {spec:",
        "ReplicationController | ReplicationController | spec: {template: {spec:",
        "PodTemplate           | PodTemplate           | template: {spec:",
        "CronJob               | CronJob               | spec: {jobTemplate: {spec: {template:"
            + " {spec:",
      })
  void everyKindThatRunsPods_yieldsItsPodTemplatesContainers(String why, String kind, String path) {
    String spec =
        "{initContainers: [{name: i, image: gcr.io/p/init}], containers: [{name: c, image:"
            + " gcr.io/p/app:1}], ephemeralContainers: [{name: e, image: gcr.io/p/debug}]}";
    int open = path.length() - path.replace("{", "").length();
    String yaml =
        "kind: "
            + kind
            + "\nmetadata: {name: w, namespace: n}\n"
            + (path.equals("spec") ? "spec: " + spec : path + " " + spec + "}".repeat(open))
            + "\n";

    Workload w = ManifestReader.read("k.yaml", yaml).workloads().get(0);

    assertThat(w.id()).isEqualTo(kind + "/n/w");
    assertThat(w.containers())
        .extracting(c -> c.name() + " " + c.role() + " " + c.image())
        .containsExactly(
            "i INIT gcr.io/p/init", "c CONTAINER gcr.io/p/app:1", "e EPHEMERAL gcr.io/p/debug");
  }

  @Test
  void typedLists_lendTheirItemsTheirKind_andListItemsCarryTheirOwn() {
    String yaml =
        """
        apiVersion: v1
        kind: PodList
        items:
          - metadata: {name: a}
            spec: {containers: [{name: c, image: gcr.io/p/a}]}
        ---
        apiVersion: v1
        kind: List
        items:
          - kind: List
            items:
              - kind: Pod
                metadata: {name: b, namespace: jobs}
                spec: {containers: [{name: c, image: gcr.io/p/b}]}
          - kind: Secret
            metadata: {name: s}
        ---
        kind: DeploymentList
        items: []
        """;

    Manifest m = ManifestReader.read("l.yaml", yaml);

    assertThat(m.workloads())
        .extracting(Workload::id)
        .containsExactly("Pod/default/a", "Pod/jobs/b");
    assertThat(m.workloads().get(1).line()).isEqualTo(12);
    assertThat(m.ignored()).extracting(ManifestReader.Ignored::kind).containsExactly("Secret");
  }

  @Test
  void emptyAndCommentOnlyDocuments_areNothing() {
    Manifest m =
        ManifestReader.read("e.yaml", "---\n# Source: chart/templates/empty.yaml\n---\n---\n");

    assertThat(m.workloads()).isEmpty();
    assertThat(m.ignored()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a document without kind      | ---\\n"
            + "metadata: {name: x}\\n"
            + "         | m.yaml:2: the object has no kind",
        "not YAML                     | kind: Pod\\n"
            + "spec: [a\\n"
            + "b: c\\n"
            + "         | m.yaml:3: not YAML",
        "a container without image    | kind: Pod\\n"
            + "metadata: {name: p}\\n"
            + "spec:\\n"
            + "  containers:\\n"
            + "  - name: c\\n"
            + " | m.yaml:5: container c has no image",
        "a bad image reference        | kind: Pod\\n"
            + "metadata: {name: p}\\n"
            + "spec:\\n"
            + "  containers:\\n"
            + "  - name: c\\n"
            + "    image: Gcr.io/P/A\\n"
            + " | m.yaml:6: container c: bad path component",
        "a workload without a name    | kind: Job\\n"
            + "spec: {}\\n"
            + "              | m.yaml:1: Job has no metadata.name",
        "a Deployment without template| kind: Deployment\\nmetadata: {name: d}\\nspec: {}\\n"
            + " | m.yaml:1: Deployment d has no spec.template.spec",
        "containers that are no list  | kind: Pod\\nmetadata: {name: p}\\nspec: {containers: x}\\n"
            + " | m.yaml:3: expected containers to be a list, found 'x'",
        "an unknown operator          | kind: Pod\\n"
            + "metadata: {name: p}\\n"
            + "spec:\\n"
            + "  affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
            + " {nodeSelectorTerms: [{matchExpressions: [{key: k, operator: Near}]}]}}}\\n"
            + "  containers: [{name: c, image: busybox}]\\n"
            + " | m.yaml:4: unknown node selector operator Near",
        "a document that is a list    | - a\\n- b\\n                        | m.yaml:1: expected a"
            + " Kubernetes object to be a mapping, found a list",
      })
  void anUnreadableManifest_saysFileLineAndWhy(String why, String yaml, String says) {
    assertThatThrownBy(() -> ManifestReader.read("m.yaml", yaml.strip().replace("\\n", "\n")))
        .as(why)
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(says.strip());
  }

  @Test
  void unknownFieldsAndKinds_areIgnored() {
    Manifest m =
        ManifestReader.read(
            "u.yaml",
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: [1]}\n"
                + "---\nkind: Pod\nmetadata: {name: p, labels: {a: b}}\nspec: {hostNetwork: true,"
                + " containers: [{name: c, image: busybox, ports: [{containerPort: 80}]}]}\n");

    assertThat(m.workloads()).extracting(Workload::id).containsExactly("Pod/default/p");
    assertThat(m.ignored()).extracting(ManifestReader.Ignored::kind).containsExactly("Widget");
    assertThat(m.workloads().get(0).containers().get(0).role()).isEqualTo(Role.CONTAINER);
    assertThat(List.of(m.workloads().get(0).containers().get(0).line())).containsExactly(8);
  }
}
