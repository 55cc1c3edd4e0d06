package dev.pulldoctor.sandbox;

/**
 * Names a resource that carries an allow policy: an organization, a folder, a project, a repository
 * or a service account. Organizations and folders belong to no project ({@code project} is empty).
 */
public record PolicyKey(Kind kind, String project, String name) {

  /** The kinds of resources whose allow policies the sandbox keeps. */
  public enum Kind {
    /** A project; {@code name} is its id. */
    PROJECT,
    /** A repository; {@code name} is {@code LOCATION/NAME}. */
    REPOSITORY,
    /** A service account; {@code name} is its email. */
    SERVICE_ACCOUNT,
    /** A folder; {@code name} is {@code folders/N}. */
    FOLDER,
    /** An organization; {@code name} is {@code organizations/N}. */
    ORGANIZATION
  }

  public static PolicyKey project(String project) {
    return new PolicyKey(Kind.PROJECT, project, project);
  }

  public static PolicyKey repository(String project, String locationSlashName) {
    return new PolicyKey(Kind.REPOSITORY, project, locationSlashName);
  }

  public static PolicyKey serviceAccount(String project, String email) {
    return new PolicyKey(Kind.SERVICE_ACCOUNT, project, email);
  }

  public static PolicyKey folder(String name) {
    return new PolicyKey(Kind.FOLDER, "", name);
  }

  public static PolicyKey organization(String name) {
    return new PolicyKey(Kind.ORGANIZATION, "", name);
  }

  /** Whether deny policies can be attached here: projects, folders and organizations. */
  public boolean denyAttachmentPoint() {
    return kind == Kind.PROJECT || kind == Kind.FOLDER || kind == Kind.ORGANIZATION;
  }

  /** The key of the project this resource belongs to. */
  public PolicyKey parent() {
    return project(project);
  }
}
