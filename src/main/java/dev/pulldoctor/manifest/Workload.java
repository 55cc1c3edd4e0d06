package dev.pulldoctor.manifest;

import java.util.List;

/**
 * Something that runs pods, as a manifest declares it: its kind, namespace and name, where it is
 * written, the containers of its pod template, and where those pods may be placed.
 *
 * @param namespace {@code metadata.namespace}, or {@code default} when the manifest leaves it out
 */
public record Workload(
    String kind,
    String namespace,
    String name,
    String file,
    int line,
    List<Container> containers,
    Placement placement) {

  public Workload {
    containers = List.copyOf(containers);
  }

  /** {@code Kind/namespace/name}, as the pre-flight names it. */
  public String id() {
    return kind + "/" + namespace + "/" + name;
  }
}
