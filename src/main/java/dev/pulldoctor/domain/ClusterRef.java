package dev.pulldoctor.domain;

/** A GKE cluster: project, location (region or zone) and name. */
public record ClusterRef(String project, String location, String name) {

  public ClusterRef {
    Names.requireName(project, "cluster project");
    Names.requireName(location, "cluster location");
    Names.requireName(name, "cluster name");
  }

  /** {@code projects/P/locations/L/clusters/C}, the resource name the Container API uses. */
  public String resourceName() {
    return "projects/" + project + "/locations/" + location + "/clusters/" + name;
  }

  /** Parses {@code PROJECT/LOCATION/NAME}, as the CLI takes it. */
  public static ClusterRef parse(String text) {
    String[] p = text == null ? new String[0] : text.split("/", -1);
    if (p.length != 3) {
      throw new IllegalArgumentException("a cluster is PROJECT/LOCATION/NAME, got: " + text);
    }
    return new ClusterRef(p[0], p[1], p[2]);
  }

  @Override
  public String toString() {
    return project + "/" + location + "/" + name;
  }
}
