package dev.pulldoctor.gcp;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every Google API call Pull Doctor's adapters make, the IAM permissions each needs, and the
 * predefined role that gives them to Pull Doctor.
 *
 * <p>The one table of what Pull Doctor may need: the deployment's contract test checks that the
 * Terraform module grants a role covering each permission, and an {@code INSPECTION_DENIED} finding
 * names the role from here. Each row names the REST methods it stands for, and its permissions are
 * what Google's method → permission map (method-permissions.json) gives those methods —
 * ApiPermissionTest holds the two equal; the adapters' calls are in {@link ApiMethod}.
 */
public enum ApiPermission {
  /** Container {@code GetCluster}: node pools, their accounts, scopes and instance groups. */
  CONTAINER_GET_CLUSTER(
      "container.googleapis.com",
      rest("container.projects.locations.clusters.get"),
      "roles/container.clusterViewer",
      Scope.FLEET,
      "container.clusters.get"),
  /** Container {@code ListNodePools}. */
  CONTAINER_LIST_NODE_POOLS(
      "container.googleapis.com",
      rest("container.projects.locations.clusters.nodePools.list"),
      "roles/container.clusterViewer",
      Scope.FLEET,
      "container.clusters.get"),
  /** Container {@code ListClusters}, for the audit. */
  CONTAINER_LIST_CLUSTERS(
      "container.googleapis.com",
      rest("container.projects.locations.clusters.list"),
      "roles/container.clusterViewer",
      Scope.FLEET,
      "container.clusters.list"),
  /** Artifact Registry {@code GetRepository}. */
  ARTIFACT_REGISTRY_GET_REPOSITORY(
      "artifactregistry.googleapis.com",
      rest("artifactregistry.projects.locations.repositories.get"),
      "roles/artifactregistry.reader",
      Scope.FLEET,
      "artifactregistry.repositories.get"),
  /**
   * Artifact Registry {@code ListRepositories}: the same name in another location, and the audit's
   * Docker repositories of a project.
   */
  ARTIFACT_REGISTRY_LIST_REPOSITORIES(
      "artifactregistry.googleapis.com",
      rest("artifactregistry.projects.locations.repositories.list"),
      "roles/artifactregistry.reader",
      Scope.FLEET,
      "artifactregistry.repositories.list"),
  /**
   * Artifact Registry's Locations mixin {@code ListLocations}: ListRepositories takes one location
   * at a time, so listing a project's repositories starts here.
   */
  ARTIFACT_REGISTRY_LIST_LOCATIONS(
      "artifactregistry.googleapis.com",
      rest("artifactregistry.projects.locations.list"),
      "roles/artifactregistry.reader",
      Scope.FLEET,
      "artifactregistry.locations.list"),
  /** Artifact Registry {@code ListTags} (the sandbox still checks it by this entry). */
  ARTIFACT_REGISTRY_LIST_TAGS(
      "artifactregistry.googleapis.com",
      rest("artifactregistry.projects.locations.repositories.packages.tags.list"),
      "roles/artifactregistry.reader",
      Scope.FLEET,
      "artifactregistry.tags.list"),
  /**
   * Artifact Registry {@code ListRules}: the download rules of a repository the node may read but
   * still cannot pull from.
   */
  ARTIFACT_REGISTRY_LIST_RULES(
      "artifactregistry.googleapis.com",
      rest("artifactregistry.projects.locations.repositories.rules.list"),
      "roles/artifactregistry.reader",
      Scope.FLEET,
      "artifactregistry.rules.list"),
  /**
   * Artifact Registry {@code GetVPCSCConfig}: may a remote repository inside a perimeter reach its
   * upstream (https://cloud.google.com/artifact-registry/docs/repositories/remote-repo#vpc). No
   * predefined role of the role table holds {@code artifactregistry.vpcscconfigs.get}; Terraform's
   * custom inspector role does, and an INSPECTION_DENIED finding names it.
   */
  ARTIFACT_REGISTRY_GET_VPCSC_CONFIG(
      "artifactregistry.googleapis.com",
      rest("artifactregistry.projects.locations.getVpcscConfig"),
      ApiPermission.INSPECTOR_ROLE,
      Scope.FLEET,
      "artifactregistry.vpcscconfigs.get"),
  /** Secret Manager {@code GetSecretVersion}: the state of a remote repository's credential. */
  SECRET_MANAGER_GET_SECRET_VERSION(
      "secretmanager.googleapis.com",
      rest("secretmanager.projects.secrets.versions.get"),
      "roles/secretmanager.viewer",
      Scope.FLEET,
      "secretmanager.versions.get"),
  /** Secret Manager {@code GetIamPolicy}: may the service agent access the credential. */
  SECRET_MANAGER_GET_IAM_POLICY(
      "secretmanager.googleapis.com",
      rest("secretmanager.projects.secrets.getIamPolicy"),
      "roles/iam.securityReviewer",
      Scope.FLEET,
      "secretmanager.secrets.getIamPolicy"),
  /** Cloud KMS {@code GetCryptoKey}: the state of a CMEK repository's primary key version. */
  KMS_GET_CRYPTO_KEY(
      "cloudkms.googleapis.com",
      rest("cloudkms.projects.locations.keyRings.cryptoKeys.get"),
      "roles/cloudkms.viewer",
      Scope.FLEET,
      "cloudkms.cryptoKeys.get"),
  /** Cloud KMS {@code GetIamPolicy} on a key: may the service agent decrypt with it. */
  KMS_GET_IAM_POLICY(
      "cloudkms.googleapis.com",
      rest("cloudkms.projects.locations.keyRings.cryptoKeys.getIamPolicy"),
      "roles/iam.securityReviewer",
      Scope.FLEET,
      "cloudkms.cryptoKeys.getIamPolicy"),
  /** Artifact Registry {@code GetTag}: does the tag exist, looked up by name. */
  ARTIFACT_REGISTRY_GET_TAG(
      "artifactregistry.googleapis.com",
      rest("artifactregistry.projects.locations.repositories.packages.tags.get"),
      "roles/artifactregistry.reader",
      Scope.FLEET,
      "artifactregistry.tags.get"),
  /**
   * Artifact Registry {@code GetDockerImage}: does the digest exist, and the manifest's media type
   * of a tag's or digest's image, looked up by name.
   */
  ARTIFACT_REGISTRY_GET_DOCKER_IMAGE(
      "artifactregistry.googleapis.com",
      rest("artifactregistry.projects.locations.repositories.dockerImages.get"),
      "roles/artifactregistry.reader",
      Scope.FLEET,
      "artifactregistry.dockerimages.get"),
  /** Artifact Registry {@code GetIamPolicy} on a repository. */
  ARTIFACT_REGISTRY_GET_IAM_POLICY(
      "artifactregistry.googleapis.com",
      rest("artifactregistry.projects.locations.repositories.getIamPolicy"),
      "roles/iam.securityReviewer",
      Scope.FLEET,
      "artifactregistry.repositories.getIamPolicy"),
  /** Artifact Registry {@code TestIamPermissions}: needs no permission, answers for the caller. */
  ARTIFACT_REGISTRY_TEST_IAM_PERMISSIONS(
      "artifactregistry.googleapis.com",
      rest("artifactregistry.projects.locations.repositories.testIamPermissions"),
      null,
      Scope.FLEET),
  /** Artifact Registry {@code SetIamPolicy}: remediation only, on the listed repositories. */
  ARTIFACT_REGISTRY_SET_IAM_POLICY(
      "artifactregistry.googleapis.com",
      rest(
          "artifactregistry.projects.locations.repositories.getIamPolicy",
          "artifactregistry.projects.locations.repositories.setIamPolicy"),
      "roles/artifactregistry.admin",
      Scope.REMEDIATION,
      "artifactregistry.repositories.getIamPolicy",
      "artifactregistry.repositories.setIamPolicy"),
  /** IAM Credentials {@code GenerateAccessToken}: impersonate a node account (optional). */
  IAM_CREDENTIALS_GENERATE_ACCESS_TOKEN(
      "iamcredentials.googleapis.com",
      rest("iamcredentials.projects.serviceAccounts.generateAccessToken"),
      "roles/iam.serviceAccountTokenCreator",
      Scope.NODE_ACCOUNTS,
      "iam.serviceAccounts.getAccessToken"),
  /** IAM admin {@code GetServiceAccount}: does the node account exist, is it disabled. */
  IAM_GET_SERVICE_ACCOUNT(
      "iam.googleapis.com",
      rest("iam.projects.serviceAccounts.get"),
      "roles/iam.securityReviewer",
      Scope.FLEET,
      "iam.serviceAccounts.get"),
  /**
   * Policy Troubleshooter v3 {@code TroubleshootIamPolicy}: checks no permission of its own, and
   * explains only the policies the caller may read — the repository's and the project's through the
   * rows above, deny policies through the next one
   * (https://cloud.google.com/policy-intelligence/docs/troubleshoot-access#required-permissions).
   */
  POLICY_TROUBLESHOOTER_TROUBLESHOOT(
      "policytroubleshooter.googleapis.com",
      rest("policytroubleshooter.iam.troubleshoot"),
      null,
      Scope.FLEET),
  /**
   * Deny policies, listed and read in full (IAM v2 {@code ListPolicies}, {@code GetPolicy}): the
   * troubleshooter's deny explanations need them.
   */
  POLICY_TROUBLESHOOTER_DENY(
      "policytroubleshooter.googleapis.com",
      rest("iam.policies.listPolicies", "iam.policies.get"),
      "roles/iam.denyReviewer",
      Scope.FLEET,
      "iam.denypolicies.list",
      "iam.denypolicies.get"),
  /** Resource Manager {@code GetProject}: the project number behind {@code default}. */
  RESOURCE_MANAGER_GET_PROJECT(
      "cloudresourcemanager.googleapis.com",
      rest("cloudresourcemanager.projects.get"),
      "roles/container.clusterViewer",
      Scope.FLEET,
      "resourcemanager.projects.get"),
  /** Resource Manager {@code GetIamPolicy} on a project. */
  RESOURCE_MANAGER_GET_IAM_POLICY(
      "cloudresourcemanager.googleapis.com",
      rest("cloudresourcemanager.projects.getIamPolicy"),
      "roles/iam.securityReviewer",
      Scope.FLEET,
      "resourcemanager.projects.getIamPolicy"),
  /**
   * Resource Manager {@code GetFolder}: a folder's parent, walking a project's ancestry up to the
   * organization. Needed on the folders above the inspected projects.
   */
  RESOURCE_MANAGER_GET_FOLDER(
      "cloudresourcemanager.googleapis.com",
      rest("cloudresourcemanager.folders.get"),
      "roles/resourcemanager.folderViewer",
      Scope.HIERARCHY,
      "resourcemanager.folders.get"),
  /** Resource Manager {@code GetIamPolicy} on a folder above an inspected project. */
  RESOURCE_MANAGER_GET_FOLDER_IAM_POLICY(
      "cloudresourcemanager.googleapis.com",
      rest("cloudresourcemanager.folders.getIamPolicy"),
      "roles/iam.securityReviewer",
      Scope.HIERARCHY,
      "resourcemanager.folders.getIamPolicy"),
  /** Resource Manager {@code GetIamPolicy} on the organization above an inspected project. */
  RESOURCE_MANAGER_GET_ORGANIZATION_IAM_POLICY(
      "cloudresourcemanager.googleapis.com",
      rest("cloudresourcemanager.organizations.getIamPolicy"),
      "roles/iam.securityReviewer",
      Scope.HIERARCHY,
      "resourcemanager.organizations.getIamPolicy"),
  /**
   * IAM v2 {@code ListPolicies} of kind denypolicies on a project, a folder or the organization:
   * the permission is checked where the policies are attached, so it is needed there too (Deny
   * Reviewer "on the organization", https://cloud.google.com/iam/docs/deny-access).
   */
  IAM_LIST_DENY_POLICIES(
      "iam.googleapis.com",
      rest("iam.policies.listPolicies"),
      "roles/iam.denyReviewer",
      at(Scope.FLEET, Scope.HIERARCHY),
      "iam.denypolicies.list"),
  /** IAM v2 {@code GetPolicy}: a deny policy's rules, which ListPolicies leaves out. */
  IAM_GET_DENY_POLICY(
      "iam.googleapis.com",
      rest("iam.policies.get"),
      "roles/iam.denyReviewer",
      at(Scope.FLEET, Scope.HIERARCHY),
      "iam.denypolicies.get"),
  /** Error Reporting {@code ReportErrorEvent}. */
  ERROR_REPORTING_REPORT(
      "clouderrorreporting.googleapis.com",
      rest("clouderrorreporting.projects.events.report"),
      "roles/errorreporting.writer",
      Scope.HOST,
      "errorreporting.errorEvents.create"),
  /** Firestore reads and transactional writes of findings and event records. */
  FIRESTORE_READ_WRITE(
      "firestore.googleapis.com",
      "roles/datastore.user",
      Scope.HOST,
      "datastore.entities.get",
      "datastore.entities.list",
      "datastore.entities.create",
      "datastore.entities.update"),
  /** The structured log line, written to stdout and shipped by the runtime. */
  LOGGING_WRITE(
      "logging.googleapis.com", "roles/logging.logWriter", Scope.HOST, "logging.logEntries.create"),
  /**
   * Cloud Functions v2 {@code GetFunction}: {@code pull-doctor status} reads the deployed function;
   * whoever runs it needs this role on the host project (granted to Pull Doctor's account too, so
   * that the check can run as that account).
   */
  FUNCTIONS_GET_FUNCTION(
      "cloudfunctions.googleapis.com",
      rest("cloudfunctions.projects.locations.functions.get"),
      "roles/cloudfunctions.viewer",
      Scope.HOST,
      "cloudfunctions.functions.get");

  /**
   * Terraform's custom inspector role (terraform/iam.tf, {@code role_id = "pullDoctorInspector"}),
   * for the calls whose permission no predefined role holds; PROJECT is the inspected project (an
   * organization sink defines it as {@code organizations/ORG/roles/pullDoctorInspector}).
   */
  public static final String INSPECTOR_ROLE = "projects/PROJECT/roles/pullDoctorInspector";

  /** Where the role must be granted. */
  public enum Scope {
    /** The project that runs Pull Doctor. */
    HOST,
    /** Every project whose clusters or repositories Pull Doctor inspects. */
    FLEET,
    /** The node service accounts listed for impersonation, only when asked for. */
    NODE_ACCOUNTS,
    /** The repositories listed for remediation, only when remediation is on. */
    REMEDIATION,
    /**
     * The folders and the organization above the inspected projects: their ancestry and the allow
     * and deny policies attached there, read where they are attached. A grant on a project does not
     * reach its folder (https://cloud.google.com/iam/docs/resource-hierarchy-access-control), and a
     * custom role defined in a project cannot hold folder or organization permissions.
     */
    HIERARCHY
  }

  /** The scopes a row's permissions are needed at, the first being {@link #scope()}. */
  private record Scopes(Scope first, Set<Scope> all) {}

  private static Scopes at(Scope first, Scope... more) {
    return new Scopes(first, EnumSet.of(first, more));
  }

  /** The REST method ids of Google's method → permission map a row stands for. */
  private record Rest(List<String> methods) {}

  private static Rest rest(String... methods) {
    return new Rest(List.of(methods));
  }

  private final String service;
  private final List<String> restMethods;
  private final String role;
  private final Scope scope;
  private final Set<Scope> scopes;
  private final List<String> permissions;

  ApiPermission(String service, Rest rest, String role, Scope scope, String... permissions) {
    this(service, rest, role, at(scope), permissions);
  }

  ApiPermission(String service, Rest rest, String role, Scopes scopes, String... permissions) {
    this.service = service;
    this.restMethods = rest.methods();
    this.role = role;
    this.scope = scopes.first();
    this.scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes.all()));
    this.permissions = List.of(permissions);
  }

  /** The API's service name, e.g. {@code container.googleapis.com}. */
  public String service() {
    return service;
  }

  /**
   * A row of needs that no REST method of Google's map stands for (Firestore, which the map leaves
   * out; the log line, written to stdout).
   */
  ApiPermission(String service, String role, Scope scope, String... permissions) {
    this(service, new Rest(List.of()), role, scope, permissions);
  }

  /**
   * The REST methods (ids as in Google's discovery documents and method-permissions.json) whose
   * permissions {@link #permissions()} are: a test holds the two equal.
   */
  public List<String> restMethods() {
    return restMethods;
  }

  /** The least predefined role that covers {@link #permissions()}; null when none is needed. */
  public String role() {
    return role;
  }

  /** Where {@link #role()} is granted. */
  public Scope scope() {
    return scope;
  }

  /**
   * Every scope the permissions are needed at, in the order {@link Scope} declares them: {@link
   * #scope()}, and for a policy that can be attached above a project also {@link Scope#HIERARCHY}.
   */
  public Set<Scope> scopes() {
    return scopes;
  }

  /** The IAM permissions the call needs of Pull Doctor's own account. */
  public List<String> permissions() {
    return permissions;
  }
}
