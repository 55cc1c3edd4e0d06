package dev.pulldoctor.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which node pools a pod spec's nodeSelector and required node affinity let its pods land on. */
class PlacementTest {
  private static final List<String> POOLS = List.of("default-pool", "batch", "gpu");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no selector, no affinity           | {}                                      |"
            + " default-pool batch gpu |",
        "nodeSelector on the pool label     | {cloud.google.com/gke-nodepool: batch}  | batch |",
        "nodeSelector on another label only | {disktype: ssd}                         |"
            + " default-pool batch gpu |",
        "nodeSelector naming a missing pool | {cloud.google.com/gke-nodepool: arm}    |  | arm",
        "In                                 | In [gpu, batch]                         | batch gpu"
            + " |",
        "NotIn                              | NotIn [batch]                           |"
            + " default-pool gpu |",
        "Exists                             | Exists                                  |"
            + " default-pool batch gpu |",
        "DoesNotExist                       | DoesNotExist                            |  |",
        "Gt on a name that is no integer    | Gt [3]                                  |  |",
        "In naming missing pools only       | In [arm, tpu]                           |  | arm tpu",
        "In naming one missing, one present | In [arm, gpu]                           | gpu | arm",
      })
  void placement_allowsThePoolsItsRulesMatch_inTheClustersOrder(
      String why, String rule, String expected, String missing) {
    Placement p = placement(rule.strip());

    assertThat(p.pools(POOLS)).as(why).containsExactlyElementsOf(words(expected));
    assertThat(p.missing(POOLS)).as(why).containsExactlyElementsOf(words(missing));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "terms are ORed                       | [[In default-pool], [In gpu]]       |"
            + " default-pool gpu",
        "expressions within a term are ANDed  | [[NotIn default-pool, NotIn gpu]]    | batch",
        "another label in a term may hold     | [[In batch, other In x]]            | batch",
        "matchFields may hold                 | [[field In node-1]]                 |"
            + " default-pool batch gpu",
        "an empty term matches nothing        | [[]]                                |",
        "no terms match nothing               | []                                  |",
      })
  void requiredAffinity_followsKubernetesRules(String why, String terms, String expected) {
    Placement p = new Placement(null, terms(terms.strip()));

    assertThat(p.pools(POOLS)).as(why).containsExactlyElementsOf(words(expected));
  }

  @org.junit.jupiter.api.Test
  void nodeSelectorAndAffinity_mustBothHold() {
    Placement p = new Placement("batch", terms("[[NotIn batch]]"));

    assertThat(p.pools(POOLS)).isEmpty();
    assertThat(p.describe())
        .isEqualTo(
            "nodeSelector cloud.google.com/gke-nodepool: batch; required node affinity"
                + " cloud.google.com/gke-nodepool NotIn [batch]");
  }

  /**
   * A {@code nodeSelector} in YAML ({@code {...}}), read from a Pod as a manifest holds it; else
   * one expression on the pool label ({@code In [a, b]}).
   */
  private static Placement placement(String rule) {
    if (!rule.startsWith("{")) {
      return new Placement(null, List.of(List.of(requirement(rule.replaceAll("[\\[\\]]", "")))));
    }
    String yaml =
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeSelector: "
            + rule
            + "\n  containers: [{name: c, image: busybox}]\n";
    return ManifestReader.read("t.yaml", yaml).workloads().get(0).placement();
  }

  /**
   * Terms written as {@code [[In a b, NotIn c], [...]]}: each expression is an operator and values
   * on the pool label, {@code other OP v} on another label, {@code field OP v} a matchFields one.
   */
  private static List<List<Placement.Requirement>> terms(String text) {
    String inner = text.substring(1, text.length() - 1).strip();
    if (inner.isEmpty()) {
      return List.of();
    }
    return java.util.Arrays.stream(inner.split("\\],\\s*\\["))
        .map(t -> t.replace("[", "").replace("]", "").strip())
        .map(
            t ->
                t.isEmpty()
                    ? List.<Placement.Requirement>of()
                    : java.util.Arrays.stream(t.split(",\\s*"))
                        .map(PlacementTest::requirement)
                        .toList())
        .toList();
  }

  private static Placement.Requirement requirement(String e) {
    List<String> w = words(e);
    boolean other = w.get(0).equals("other");
    boolean field = w.get(0).equals("field");
    List<String> rest = other || field ? w.subList(1, w.size()) : w;
    return new Placement.Requirement(
        field ? "metadata.name" : other ? "example.com/other" : Placement.POOL_LABEL,
        rest.get(0),
        rest.subList(1, rest.size()),
        field);
  }

  private static List<String> words(String s) {
    return s == null || s.isBlank() ? List.of() : List.of(s.strip().split("[\\s,]+"));
  }
}
