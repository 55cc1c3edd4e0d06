package dev.pulldoctor.manifest;

import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.manifest.Container.Role;
import dev.pulldoctor.manifest.Placement.Requirement;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads Kubernetes manifests as {@code kubectl apply} takes them: a stream of YAML documents
 * separated by {@code ---} (what {@code helm template} and {@code kustomize build} print, comments
 * and {@code # Source:} lines included), where a document is one object or a list ({@code List}, or
 * a typed one such as {@code PodList}, whose items may leave out their kind). Each pod template
 * yields a {@link Workload}; kinds that run no pods (Service, ConfigMap, CRDs …) are ignored and
 * listed as such. Reads YAML's node tree rather than plain maps, so that every container keeps the
 * line it is written on.
 */
public final class ManifestReader {

  /** Where each kind keeps its pod template's spec. */
  private static final Map<String, List<String>> POD_SPEC =
      Map.of(
          "Pod", List.of("spec"),
          "PodTemplate", List.of("template", "spec"),
          "Deployment", List.of("spec", "template", "spec"),
          "ReplicaSet", List.of("spec", "template", "spec"),
          "StatefulSet", List.of("spec", "template", "spec"),
          "DaemonSet", List.of("spec", "template", "spec"),
          "Job", List.of("spec", "template", "spec"),
          "ReplicationController", List.of("spec", "template", "spec"),
          "CronJob", List.of("spec", "jobTemplate", "spec", "template", "spec"));

  /** What a manifest held: the workloads, and the objects that run no pods. */
  public record Manifest(List<Workload> workloads, List<Ignored> ignored) {
    public Manifest {
      workloads = List.copyOf(workloads);
      ignored = List.copyOf(ignored);
    }
  }

  /** An object of a kind that runs no pods, and where it is. */
  public record Ignored(String kind, String name, String file, int line) {}

  private final String file;
  private final List<Workload> workloads = new ArrayList<>();
  private final List<Ignored> ignored = new ArrayList<>();

  private ManifestReader(String file) {
    this.file = file;
  }

  /** Reads {@code text}, named {@code file} in messages. */
  public static Manifest read(String file, String text) {
    return read(file, new StringReader(text));
  }

  /** Reads {@code reader}, named {@code file} in messages. */
  public static Manifest read(String file, Reader reader) {
    ManifestReader r = new ManifestReader(file);
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    // Manifests are data, never Java objects: the safe constructor, and the node tree only.
    Yaml yaml = new Yaml(new SafeConstructor(options));
    try {
      for (Node document : yaml.composeAll(reader)) {
        r.document(document);
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new ManifestException(
          file, mark == null ? 1 : mark.getLine() + 1, "not YAML: " + firstLine(e.getProblem()));
    } catch (YAMLException e) {
      throw new ManifestException(file, 1, "not YAML: " + firstLine(e.getMessage()));
    }
    return new Manifest(r.workloads, r.ignored);
  }

  private void document(Node document) {
    if (document == null || isNull(document)) {
      return; // an empty document: a comment-only one, or `---` twice
    }
    object(document, null);
  }

  /** One object; {@code impliedKind} is a typed list's item kind (PodList → Pod). */
  private void object(Node node, String impliedKind) {
    MappingNode object = mapping(node, "a Kubernetes object");
    String kind = scalar(object, "kind");
    if (kind == null) {
      kind = impliedKind;
    }
    if (kind == null) {
      throw error(node, "the object has no kind");
    }
    Node items = get(object, "items");
    if (kind.equals("List") || (kind.endsWith("List") && kind.length() > 4 && items != null)) {
      if (items == null || isNull(items)) {
        return;
      }
      String itemKind = kind.equals("List") ? null : kind.substring(0, kind.length() - 4);
      for (Node item : sequence(items, "items").getValue()) {
        object(item, itemKind);
      }
      return;
    }
    MappingNode metadata = optionalMapping(object, "metadata");
    String name = metadata == null ? null : scalar(metadata, "name");
    if (name == null && metadata != null) {
      String generate = scalar(metadata, "generateName");
      name = generate == null ? null : generate + "*";
    }
    List<String> path = POD_SPEC.get(kind);
    if (path == null) {
      ignored.add(new Ignored(kind, name, file, line(node)));
      return;
    }
    if (name == null) {
      throw error(node, kind + " has no metadata.name");
    }
    String namespace = metadata == null ? null : scalar(metadata, "namespace");
    MappingNode spec = object;
    for (String key : path) {
      spec = optionalMapping(spec, key);
      if (spec == null) {
        throw error(node, kind + " " + name + " has no " + String.join(".", path));
      }
    }
    List<Container> containers = new ArrayList<>();
    containers(spec, "initContainers", Role.INIT, containers);
    containers(spec, "containers", Role.CONTAINER, containers);
    containers(spec, "ephemeralContainers", Role.EPHEMERAL, containers);
    workloads.add(
        new Workload(
            kind,
            namespace == null ? "default" : namespace,
            name,
            file,
            line(node),
            containers,
            placement(spec)));
  }

  private void containers(MappingNode spec, String key, Role role, List<Container> into) {
    Node list = get(spec, key);
    if (list == null || isNull(list)) {
      return;
    }
    for (Node item : sequence(list, key).getValue()) {
      MappingNode c = mapping(item, "a container");
      String name = scalar(c, "name");
      if (name == null) {
        throw error(item, "a container in " + key + " has no name");
      }
      Node image = get(c, "image");
      if (image == null || scalarValue(image) == null) {
        throw error(item, "container " + name + " has no image");
      }
      try {
        ImageReference.parse(scalarValue(image));
      } catch (IllegalArgumentException e) {
        throw error(image, "container " + name + ": " + e.getMessage());
      }
      into.add(new Container(name, scalarValue(image), role, file, line(image)));
    }
  }

  private Placement placement(MappingNode spec) {
    String pool = null;
    MappingNode selector = optionalMapping(spec, "nodeSelector");
    if (selector != null) {
      pool = scalar(selector, Placement.POOL_LABEL);
    }
    List<List<Requirement>> terms = null;
    MappingNode required =
        path(spec, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution");
    if (required != null) {
      terms = new ArrayList<>();
      Node list = get(required, "nodeSelectorTerms");
      if (list != null && !isNull(list)) {
        for (Node t : sequence(list, "nodeSelectorTerms").getValue()) {
          MappingNode term = mapping(t, "a node selector term");
          List<Requirement> requirements = new ArrayList<>();
          requirements(term, "matchExpressions", false, requirements);
          requirements(term, "matchFields", true, requirements);
          terms.add(requirements);
        }
      }
    }
    return pool == null && terms == null ? Placement.ANYWHERE : new Placement(pool, terms);
  }

  private void requirements(MappingNode term, String key, boolean field, List<Requirement> into) {
    Node list = get(term, key);
    if (list == null || isNull(list)) {
      return;
    }
    for (Node e : sequence(list, key).getValue()) {
      MappingNode expression = mapping(e, "a node selector requirement");
      String k = scalar(expression, "key");
      String operator = scalar(expression, "operator");
      if (k == null || operator == null) {
        throw error(e, "a node selector requirement needs a key and an operator");
      }
      if (!Placement.OPERATORS.contains(operator)) {
        throw error(e, "unknown node selector operator " + operator);
      }
      List<String> values = new ArrayList<>();
      Node v = get(expression, "values");
      if (v != null && !isNull(v)) {
        for (Node value : sequence(v, "values").getValue()) {
          values.add(scalarValue(value));
        }
      }
      into.add(new Requirement(k, operator, values, field));
    }
  }

  // --- the node tree ------------------------------------------------------------------------

  private MappingNode path(MappingNode from, String... keys) {
    MappingNode at = from;
    for (String key : keys) {
      at = optionalMapping(at, key);
      if (at == null) {
        return null;
      }
    }
    return at;
  }

  private static Node get(MappingNode node, String key) {
    for (NodeTuple t : node.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return t.getValueNode();
      }
    }
    return null;
  }

  private String scalar(MappingNode node, String key) {
    Node value = get(node, key);
    return value == null ? null : scalarValue(value);
  }

  private String scalarValue(Node node) {
    if (isNull(node)) {
      return null;
    }
    if (node instanceof ScalarNode s) {
      return s.getValue();
    }
    throw error(node, "expected a single value, found " + describe(node));
  }

  private MappingNode optionalMapping(MappingNode node, String key) {
    Node value = get(node, key);
    return value == null || isNull(value) ? null : mapping(value, key);
  }

  private MappingNode mapping(Node node, String what) {
    if (node instanceof MappingNode m) {
      return m;
    }
    throw error(node, "expected " + what + " to be a mapping, found " + describe(node));
  }

  private SequenceNode sequence(Node node, String what) {
    if (node instanceof SequenceNode s) {
      return s;
    }
    throw error(node, "expected " + what + " to be a list, found " + describe(node));
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  private static String describe(Node node) {
    return switch (node.getNodeId()) {
      case mapping -> "a mapping";
      case sequence -> "a list";
      default -> "'" + ((ScalarNode) node).getValue() + "'";
    };
  }

  private ManifestException error(Node node, String why) {
    return new ManifestException(file, line(node), why);
  }

  /** The 1-based line a node starts on. */
  private static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable";
    }
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).strip();
  }
}
