package dev.pulldoctor.gcp;

import com.google.cloud.functions.v2.GetFunctionRequest;
import com.google.cloud.iam.credentials.v1.GenerateAccessTokenRequest;
import com.google.cloud.kms.v1.GetCryptoKeyRequest;
import com.google.cloud.location.ListLocationsRequest;
import com.google.cloud.resourcemanager.v3.GetFolderRequest;
import com.google.cloud.resourcemanager.v3.GetProjectRequest;
import com.google.cloud.secretmanager.v1.GetSecretVersionRequest;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.ListClustersRequest;
import com.google.devtools.artifactregistry.v1.GetDockerImageRequest;
import com.google.devtools.artifactregistry.v1.GetRepositoryRequest;
import com.google.devtools.artifactregistry.v1.GetTagRequest;
import com.google.devtools.artifactregistry.v1.GetVPCSCConfigRequest;
import com.google.devtools.artifactregistry.v1.ListRepositoriesRequest;
import com.google.devtools.artifactregistry.v1.ListRulesRequest;
import com.google.devtools.artifactregistry.v1.ListTagsRequest;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorEventRequest;
import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.RollbackRequest;
import com.google.firestore.v1.RunQueryRequest;
import com.google.iam.admin.v1.GetServiceAccountRequest;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.iam.v2.ListPoliciesRequest;
import io.grpc.Metadata;
import io.grpc.Status.Code;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every Google API method Pull Doctor calls over a raw channel, with what Google's generated gax
 * stub sends and does for it: the routing header ({@code x-goog-request-params}), the deadline and
 * the status codes it retries. {@link GrpcApi} and the Firestore store refuse a method that is not
 * here, and {@code WireParityTest} sends each one both ways — through Pull Doctor's path and
 * through Google's own client — and compares what arrived.
 *
 * <p><b>Adding a call</b> (say Secret Manager {@code AccessSecretVersion}):
 *
 * <ol>
 *   <li>Add a constant here: the gRPC service and method name; the routing parameters exactly as
 *       the generated {@code Grpc*Stub} adds them to its {@code RequestParamsBuilder} (same keys,
 *       same order — {@code javap -c -p} on the stub's {@code lambda$new$N(…Request)} shows them;
 *       none when the method's HTTP rule has no path parameter); the {@link Settings} from the
 *       service's {@code *StubSettings} defaults (its {@code getRetrySettings()} and {@code
 *       getRetryableCodes()} at run time); and the REST method id of method-permissions.json.
 *   <li>Add its parity case to {@code WireParityTest.CASES}: one lambda that calls it through
 *       {@link GrpcApi}, one that calls it through Google's gax client. The test fails until both
 *       exist and send the same header and the same bytes.
 *   <li>Name the REST method id in the {@link ApiPermission} row the adapter reports failures with.
 * </ol>
 *
 * <p>The routing header is percent-encoded as gax's {@code RequestUrlParamsEncoder} does it (a
 * {@code PercentEscaper} keeping only letters, digits and {@code ._-~}), keys and values alike,
 * joined by {@code &}; a parameter whose value is empty is left out, as {@code
 * RequestParamsBuilder.add} leaves it out. The figures of {@link Settings} were read from the
 * {@code *StubSettings.newBuilder().build()} of the client versions in pom.xml (train of
 * artifact-registry 1.87.0); {@code ApiMethodTest} reads them again and fails when a new train
 * changes them.
 */
public enum ApiMethod {
  ARTIFACT_REGISTRY_GET_REPOSITORY(
      Service.ARTIFACT_REGISTRY,
      "GetRepository",
      Settings.ARTIFACT_REGISTRY,
      "artifactregistry.projects.locations.repositories.get",
      route("name", GetRepositoryRequest::getName)),
  ARTIFACT_REGISTRY_LIST_REPOSITORIES(
      Service.ARTIFACT_REGISTRY,
      "ListRepositories",
      Settings.ARTIFACT_REGISTRY,
      "artifactregistry.projects.locations.repositories.list",
      route("parent", ListRepositoriesRequest::getParent)),
  ARTIFACT_REGISTRY_LIST_TAGS(
      Service.ARTIFACT_REGISTRY,
      "ListTags",
      Settings.ARTIFACT_REGISTRY,
      "artifactregistry.projects.locations.repositories.packages.tags.list",
      route("parent", ListTagsRequest::getParent)),
  ARTIFACT_REGISTRY_GET_TAG(
      Service.ARTIFACT_REGISTRY,
      "GetTag",
      Settings.ARTIFACT_REGISTRY,
      "artifactregistry.projects.locations.repositories.packages.tags.get",
      route("name", GetTagRequest::getName)),
  ARTIFACT_REGISTRY_GET_DOCKER_IMAGE(
      Service.ARTIFACT_REGISTRY,
      "GetDockerImage",
      Settings.ARTIFACT_REGISTRY,
      "artifactregistry.projects.locations.repositories.dockerImages.get",
      route("name", GetDockerImageRequest::getName)),
  ARTIFACT_REGISTRY_GET_IAM_POLICY(
      Service.ARTIFACT_REGISTRY,
      "GetIamPolicy",
      Settings.ARTIFACT_REGISTRY,
      "artifactregistry.projects.locations.repositories.getIamPolicy",
      route("resource", GetIamPolicyRequest::getResource)),
  ARTIFACT_REGISTRY_SET_IAM_POLICY(
      Service.ARTIFACT_REGISTRY,
      "SetIamPolicy",
      Settings.ARTIFACT_REGISTRY,
      "artifactregistry.projects.locations.repositories.setIamPolicy",
      route("resource", SetIamPolicyRequest::getResource)),
  ARTIFACT_REGISTRY_TEST_IAM_PERMISSIONS(
      Service.ARTIFACT_REGISTRY,
      "TestIamPermissions",
      Settings.ARTIFACT_REGISTRY,
      "artifactregistry.projects.locations.repositories.testIamPermissions",
      route("resource", TestIamPermissionsRequest::getResource)),
  /** The Locations mixin as Artifact Registry serves it (its client's {@code listLocations}). */
  ARTIFACT_REGISTRY_LIST_LOCATIONS(
      Locations.SERVICE_NAME,
      "ListLocations",
      Settings.ARTIFACT_REGISTRY,
      "artifactregistry.projects.locations.list",
      route("name", ListLocationsRequest::getName)),
  /** A repository's download rules, read only when the node may read it and still fails. */
  ARTIFACT_REGISTRY_LIST_RULES(
      Service.ARTIFACT_REGISTRY,
      "ListRules",
      Settings.ARTIFACT_REGISTRY,
      "artifactregistry.projects.locations.repositories.rules.list",
      route("parent", ListRulesRequest::getParent)),
  /**
   * A remote repository's project's VPC-SC config for its location ({@code
   * projects/P/locations/L/vpcscConfig}, googleapis google/devtools/artifactregistry/v1
   * vpcsc_config.proto): whether remote repositories inside a perimeter may reach their upstream.
   */
  ARTIFACT_REGISTRY_GET_VPCSC_CONFIG(
      Service.ARTIFACT_REGISTRY,
      "GetVPCSCConfig",
      Settings.ARTIFACT_REGISTRY,
      "artifactregistry.projects.locations.getVpcscConfig",
      route("name", GetVPCSCConfigRequest::getName)),
  /** A remote repository's credential: the state of its Secret Manager version. */
  SECRET_MANAGER_GET_SECRET_VERSION(
      Service.SECRET_MANAGER,
      "GetSecretVersion",
      Settings.SECRET_MANAGER,
      "secretmanager.projects.secrets.versions.get",
      route("name", GetSecretVersionRequest::getName)),
  SECRET_MANAGER_GET_IAM_POLICY(
      Service.SECRET_MANAGER,
      "GetIamPolicy",
      Settings.SECRET_MANAGER,
      "secretmanager.projects.secrets.getIamPolicy",
      route("resource", GetIamPolicyRequest::getResource)),
  /** A CMEK repository's key and its primary version. */
  KMS_GET_CRYPTO_KEY(
      "google.cloud.kms.v1.KeyManagementService",
      "GetCryptoKey",
      Settings.KMS,
      "cloudkms.projects.locations.keyRings.cryptoKeys.get",
      route("name", GetCryptoKeyRequest::getName)),
  /** The IAMPolicy mixin as Cloud KMS serves it (its client's {@code getIamPolicy}). */
  KMS_GET_IAM_POLICY(
      IamPolicyMixin.SERVICE_NAME,
      "GetIamPolicy",
      Settings.KMS,
      "cloudkms.projects.locations.keyRings.cryptoKeys.getIamPolicy",
      route("resource", GetIamPolicyRequest::getResource)),
  CONTAINER_GET_CLUSTER(
      Service.CONTAINER,
      "GetCluster",
      Settings.CONTAINER,
      "container.projects.locations.clusters.get",
      route("cluster_id", GetClusterRequest::getClusterId),
      route("name", GetClusterRequest::getName),
      route("project_id", GetClusterRequest::getProjectId),
      route("zone", GetClusterRequest::getZone)),
  CONTAINER_LIST_CLUSTERS(
      Service.CONTAINER,
      "ListClusters",
      Settings.CONTAINER,
      "container.projects.locations.clusters.list",
      route("parent", ListClustersRequest::getParent),
      route("project_id", ListClustersRequest::getProjectId),
      route("zone", ListClustersRequest::getZone)),
  IAM_GET_SERVICE_ACCOUNT(
      "google.iam.admin.v1.IAM",
      "GetServiceAccount",
      Settings.IAM,
      "iam.projects.serviceAccounts.get",
      route("name", GetServiceAccountRequest::getName)),
  IAM_CREDENTIALS_GENERATE_ACCESS_TOKEN(
      "google.iam.credentials.v1.IAMCredentials",
      "GenerateAccessToken",
      Settings.IAM,
      "iamcredentials.projects.serviceAccounts.generateAccessToken",
      route("name", GenerateAccessTokenRequest::getName)),
  RESOURCE_MANAGER_GET_PROJECT(
      Service.PROJECTS,
      "GetProject",
      Settings.RESOURCE_MANAGER,
      "cloudresourcemanager.projects.get",
      route("name", GetProjectRequest::getName)),
  RESOURCE_MANAGER_GET_IAM_POLICY(
      Service.PROJECTS,
      "GetIamPolicy",
      Settings.RESOURCE_MANAGER,
      "cloudresourcemanager.projects.getIamPolicy",
      route("resource", GetIamPolicyRequest::getResource)),
  RESOURCE_MANAGER_GET_FOLDER(
      Service.FOLDERS,
      "GetFolder",
      Settings.RESOURCE_MANAGER,
      "cloudresourcemanager.folders.get",
      route("name", GetFolderRequest::getName)),
  RESOURCE_MANAGER_GET_FOLDER_IAM_POLICY(
      Service.FOLDERS,
      "GetIamPolicy",
      Settings.RESOURCE_MANAGER,
      "cloudresourcemanager.folders.getIamPolicy",
      route("resource", GetIamPolicyRequest::getResource)),
  RESOURCE_MANAGER_GET_ORGANIZATION_IAM_POLICY(
      "google.cloud.resourcemanager.v3.Organizations",
      "GetIamPolicy",
      Settings.RESOURCE_MANAGER,
      "cloudresourcemanager.organizations.getIamPolicy",
      route("resource", GetIamPolicyRequest::getResource)),
  /**
   * HTTP rule {@code GET /v2/{parent=policies/*}/*}}: the attachment point, already %2F-escaped.
   */
  IAM_LIST_POLICIES(
      Service.IAM_POLICIES,
      "ListPolicies",
      Settings.IAM_POLICIES,
      "iam.policies.listPolicies",
      route("parent", ListPoliciesRequest::getParent)),
  IAM_GET_POLICY(
      Service.IAM_POLICIES,
      "GetPolicy",
      Settings.IAM_POLICIES,
      "iam.policies.get",
      route("name", com.google.iam.v2.GetPolicyRequest::getName)),
  /** Its HTTP rule ({@code POST /v3/iam:troubleshoot}) has no path parameter: no header. */
  POLICY_TROUBLESHOOTER_TROUBLESHOOT(
      "google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooter",
      "TroubleshootIamPolicy",
      Settings.POLICY_TROUBLESHOOTER,
      "policytroubleshooter.iam.troubleshoot"),
  ERROR_REPORTING_REPORT(
      "google.devtools.clouderrorreporting.v1beta1.ReportErrorsService",
      "ReportErrorEvent",
      Settings.ERROR_REPORTING,
      "clouderrorreporting.projects.events.report",
      route("project_name", ReportErrorEventRequest::getProjectName)),
  FUNCTIONS_GET_FUNCTION(
      "google.cloud.functions.v2.FunctionService",
      "GetFunction",
      Settings.FUNCTIONS,
      "cloudfunctions.projects.locations.functions.get",
      route("name", GetFunctionRequest::getName)),
  FIRESTORE_BEGIN_TRANSACTION(
      Service.FIRESTORE,
      "BeginTransaction",
      Settings.FIRESTORE_TRANSACTION,
      "firestore.projects.databases.documents.beginTransaction",
      route("database", BeginTransactionRequest::getDatabase)),
  FIRESTORE_BATCH_GET_DOCUMENTS(
      Service.FIRESTORE,
      "BatchGetDocuments",
      Settings.FIRESTORE_READ,
      "firestore.projects.databases.documents.batchGet",
      route("database", BatchGetDocumentsRequest::getDatabase)),
  FIRESTORE_COMMIT(
      Service.FIRESTORE,
      "Commit",
      Settings.FIRESTORE_COMMIT,
      "firestore.projects.databases.documents.commit",
      route("database", CommitRequest::getDatabase)),
  FIRESTORE_ROLLBACK(
      Service.FIRESTORE,
      "Rollback",
      Settings.FIRESTORE_TRANSACTION,
      "firestore.projects.databases.documents.rollback",
      route("database", RollbackRequest::getDatabase)),
  FIRESTORE_RUN_QUERY(
      Service.FIRESTORE,
      "RunQuery",
      Settings.FIRESTORE_READ,
      "firestore.projects.databases.documents.runQuery",
      route("parent", RunQueryRequest::getParent));

  /**
   * What a service's generated {@code *StubSettings} sets for a method by default: the total
   * timeout (null: none) and the codes it retries, with the pause before the first retry growing by
   * {@code multiplier} up to {@code maxDelay}.
   */
  public record Settings(
      Duration timeout,
      Set<Code> retryable,
      Duration firstDelay,
      double multiplier,
      Duration maxDelay) {
    private static final Duration TENTH = Duration.ofMillis(100);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** ArtifactRegistryStubSettings: 60 s, retries nothing (ListLocations too). */
    static final Settings ARTIFACT_REGISTRY =
        new Settings(MINUTE, Set.of(), Duration.ZERO, 1, Duration.ZERO);

    /** SecretManagerServiceStubSettings getSecretVersion and getIamPolicy: 60 s, no retry. */
    static final Settings SECRET_MANAGER =
        new Settings(MINUTE, Set.of(), Duration.ZERO, 1, Duration.ZERO);

    /** KeyManagementServiceStubSettings getCryptoKey and getIamPolicy: as IAM's. */
    static final Settings KMS =
        new Settings(MINUTE, Set.of(Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED), TENTH, 1.3, MINUTE);

    /** ClusterManagerStubSettings: 20 s, UNAVAILABLE and DEADLINE_EXCEEDED, 0.1 s × 1.3 ≤ 60 s. */
    static final Settings CONTAINER =
        new Settings(
            Duration.ofSeconds(20),
            Set.of(Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED),
            TENTH,
            1.3,
            MINUTE);

    /** IAMStubSettings and IamCredentialsStubSettings: 60 s, the same codes and pauses as GKE. */
    static final Settings IAM =
        new Settings(MINUTE, Set.of(Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED), TENTH, 1.3, MINUTE);

    /** ProjectsStubSettings (Resource Manager v3): 60 s, UNAVAILABLE, 0.1 s × 1.3 ≤ 60 s. */
    static final Settings RESOURCE_MANAGER =
        new Settings(MINUTE, Set.of(Code.UNAVAILABLE), TENTH, 1.3, MINUTE);

    /** PolicyTroubleshooterStubSettings (v3): 60 s, UNAVAILABLE, 1 s × 1.3 ≤ 10 s. */
    static final Settings POLICY_TROUBLESHOOTER =
        new Settings(
            MINUTE, Set.of(Code.UNAVAILABLE), Duration.ofSeconds(1), 1.3, Duration.ofSeconds(10));

    /**
     * IAM v2 Policies: 60 s, UNAVAILABLE, 1 s × 1.3 ≤ 10 s, from Google's service config
     * (googleapis google/iam/v2/iam_grpc_service_config.json) — its gax client, google-iam-policy,
     * does not resolve here, so there are no stub settings to read.
     */
    static final Settings IAM_POLICIES =
        new Settings(
            MINUTE, Set.of(Code.UNAVAILABLE), Duration.ofSeconds(1), 1.3, Duration.ofSeconds(10));

    /** ReportErrorsServiceStubSettings: 600 s, retries nothing. */
    static final Settings ERROR_REPORTING =
        new Settings(Duration.ofMinutes(10), Set.of(), Duration.ZERO, 1, Duration.ZERO);

    /** FunctionServiceStubSettings (v2): no timeout and no retry of its own. */
    static final Settings FUNCTIONS = new Settings(null, Set.of(), Duration.ZERO, 1, Duration.ZERO);

    /** FirestoreStubSettings beginTransaction and rollback: 60 s. */
    static final Settings FIRESTORE_TRANSACTION =
        new Settings(
            MINUTE,
            Set.of(
                Code.RESOURCE_EXHAUSTED, Code.UNAVAILABLE, Code.INTERNAL, Code.DEADLINE_EXCEEDED),
            TENTH,
            1.3,
            MINUTE);

    /** FirestoreStubSettings batchGetDocuments and runQuery (server streaming): 300 s. */
    static final Settings FIRESTORE_READ =
        new Settings(
            Duration.ofMinutes(5),
            Set.of(Code.UNAVAILABLE, Code.INTERNAL, Code.DEADLINE_EXCEEDED),
            TENTH,
            1.3,
            MINUTE);

    /** FirestoreStubSettings commit: 60 s, RESOURCE_EXHAUSTED and UNAVAILABLE. */
    static final Settings FIRESTORE_COMMIT =
        new Settings(MINUTE, Set.of(Code.RESOURCE_EXHAUSTED, Code.UNAVAILABLE), TENTH, 1.3, MINUTE);

    public Settings {
      retryable = Set.copyOf(retryable);
    }

    /** The deadline of one call: Google's timeout, within Pull Doctor's own {@code bound}. */
    Duration deadlineWithin(Duration bound) {
      return timeout == null || bound.compareTo(timeout) < 0 ? bound : timeout;
    }
  }

  /** One routing parameter: its key and how the generated stub reads it from the request. */
  private record Route(String key, Function<Object, String> value) {}

  private static final Metadata.Key<String> REQUEST_PARAMS =
      Metadata.Key.of("x-goog-request-params", Metadata.ASCII_STRING_MARSHALLER);

  private static final Map<String, ApiMethod> BY_NAME = new HashMap<>();

  static {
    for (ApiMethod m : values()) {
      BY_NAME.put(m.fullName, m);
    }
  }

  private final String fullName;
  private final Settings settings;
  private final String restMethod;
  private final List<Route> routes;

  ApiMethod(String service, String method, Settings settings, String restMethod, Route... routes) {
    this.fullName = service + "/" + method;
    this.settings = settings;
    this.restMethod = restMethod;
    this.routes = List.of(routes);
  }

  @SuppressWarnings("unchecked")
  private static <Q> Route route(String key, Function<Q, String> value) {
    return new Route(key, (Function<Object, String>) value);
  }

  /**
   * The registered method of that full gRPC name ({@code package.Service/Method}).
   *
   * @throws IllegalStateException for a method that is not registered: its wire has not been
   *     compared with Google's stub, so Pull Doctor does not call it
   */
  public static ApiMethod of(String fullMethodName) {
    ApiMethod m = BY_NAME.get(fullMethodName);
    if (m == null) {
      throw new IllegalStateException(
          fullMethodName
              + " is not in ApiMethod: register it, with its parity case, before calling it");
    }
    return m;
  }

  /** {@code package.Service/Method}. */
  public String fullName() {
    return fullName;
  }

  public Settings settings() {
    return settings;
  }

  /** The method's id in Google's REST discovery documents, as method-permissions.json keys it. */
  public String restMethod() {
    return restMethod;
  }

  /** Whether Google routes the method by a resource named in the request. */
  public boolean routed() {
    return !routes.isEmpty();
  }

  /** The value of {@code x-goog-request-params} for {@code request}, or null when there is none. */
  public String requestParams(Object request) {
    StringBuilder out = new StringBuilder();
    for (Route r : routes) {
      String value = r.value().apply(request);
      if (value == null || value.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(percentEncode(r.key())).append('=').append(percentEncode(value));
    }
    return out.length() == 0 ? null : out.toString();
  }

  /** The headers Google's stub adds to a call of this method with {@code request}. */
  public Metadata headers(Object request) {
    Metadata headers = new Metadata();
    String params = requestParams(request);
    if (params != null) {
      headers.put(REQUEST_PARAMS, params);
    }
    return headers;
  }

  /**
   * gax's {@code PercentEscaper("._-~")}: UTF-8 bytes as {@code %XX}, but for those and ASCII
   * alphanumerics.
   */
  static String percentEncode(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '-'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * gRPC service names of more than one method: the generated stubs' {@code SERVICE_NAME}, spelled
   * out so that naming one loads no stub class.
   */
  private static final class Service {
    static final String ARTIFACT_REGISTRY = "google.devtools.artifactregistry.v1.ArtifactRegistry";
    static final String CONTAINER = "google.container.v1.ClusterManager";
    static final String PROJECTS = "google.cloud.resourcemanager.v3.Projects";
    static final String FOLDERS = "google.cloud.resourcemanager.v3.Folders";
    static final String IAM_POLICIES = "google.iam.v2.Policies";
    static final String FIRESTORE = "google.firestore.v1.Firestore";
    static final String SECRET_MANAGER = "google.cloud.secretmanager.v1.SecretManagerService";
  }
}
