package dev.pulldoctor.diagnose;

/** Words for where in the resource hierarchy a policy is: a project, a folder, an organization. */
public final class Levels {
  private Levels() {}

  /**
   * {@code the organization organizations/4455}, {@code the folder folders/8800}, {@code the
   * project acme-prod-417} for a resource name, or a full resource name such as {@code
   * //cloudresourcemanager.googleapis.com/folders/8800}.
   */
  public static String describe(String resource) {
    String r = relative(resource);
    if (r.startsWith("organizations/")) {
      return "the organization " + r;
    }
    if (r.startsWith("folders/")) {
      return "the folder " + r;
    }
    if (r.startsWith("projects/") && r.indexOf('/', "projects/".length()) < 0) {
      return "the project " + r.substring("projects/".length());
    }
    if (r.contains("/repositories/")) {
      return "the repository " + r.substring(r.lastIndexOf('/') + 1);
    }
    return r;
  }

  /** {@code organization organizations/4455}: the form a binding's {@code on} takes. */
  public static String on(String resource) {
    return describe(resource).substring("the ".length());
  }

  /** A full resource name ({@code //service/…}) without its service; others unchanged. */
  public static String relative(String resource) {
    if (resource.startsWith("//")) {
      int slash = resource.indexOf('/', 2);
      return slash < 0 ? resource : resource.substring(slash + 1);
    }
    return resource;
  }
}
