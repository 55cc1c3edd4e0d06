package dev.pulldoctor.domain;

/** An Artifact Registry repository: project, location and name. */
public record RepositoryRef(String project, String location, String name) {

  public RepositoryRef {
    Names.requireName(project, "repository project");
    Names.requireName(location, "repository location");
    Names.requireName(name, "repository name");
  }

  /** {@code projects/P/locations/L/repositories/R}, the resource name the API uses. */
  public String resourceName() {
    return "projects/" + project + "/locations/" + location + "/repositories/" + name;
  }

  /** Parses a resource name of the form {@link #resourceName()} returns. */
  public static RepositoryRef fromResourceName(String name) {
    String[] p = name.split("/");
    if (p.length != 6
        || !p[0].equals("projects")
        || !p[2].equals("locations")
        || !p[4].equals("repositories")) {
      throw new IllegalArgumentException("not a repository resource name: " + name);
    }
    return new RepositoryRef(p[1], p[3], p[5]);
  }

  /** Parses {@code PROJECT/LOCATION/NAME}, as the CLI takes it. */
  public static RepositoryRef parse(String text) {
    String[] p = text == null ? new String[0] : text.split("/", -1);
    if (p.length != 3) {
      throw new IllegalArgumentException("a repository is PROJECT/LOCATION/NAME, got: " + text);
    }
    return new RepositoryRef(p[0], p[1], p[2]);
  }

  @Override
  public String toString() {
    return project + "/" + location + "/" + name;
  }
}
