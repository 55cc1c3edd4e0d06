package dev.pulldoctor.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.PagedCallSettings;
import com.google.api.gax.rpc.ServerStreamingCallSettings;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.StubSettings;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.cloud.container.v1.stub.ClusterManagerStubSettings;
import com.google.cloud.firestore.v1.stub.FirestoreStubSettings;
import com.google.cloud.functions.v2.stub.FunctionServiceStubSettings;
import com.google.cloud.iam.admin.v1.stub.IAMStubSettings;
import com.google.cloud.iam.credentials.v1.stub.IamCredentialsStubSettings;
import com.google.cloud.policytroubleshooter.iam.v3.stub.PolicyTroubleshooterStubSettings;
import com.google.cloud.resourcemanager.v3.stub.ProjectsStubSettings;
import com.google.devtools.artifactregistry.v1.stub.ArtifactRegistryStubSettings;
import com.google.devtools.clouderrorreporting.v1beta1.stub.ReportErrorsServiceStubSettings;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each registered method's deadline and retry codes are the ones its service's generated {@code
 * *StubSettings} set by default, read from the client jars on the class path: a new release train
 * that changes them fails here.
 */
class ApiMethodTest {

  /** Which stub settings hold each method, and under what name (its getter minus "Settings"). */
  private static final Map<ApiMethod, String> SETTINGS_NAME =
      Map.ofEntries(
          Map.entry(ApiMethod.ARTIFACT_REGISTRY_GET_REPOSITORY, "getRepository"),
          Map.entry(ApiMethod.ARTIFACT_REGISTRY_LIST_REPOSITORIES, "listRepositories"),
          Map.entry(ApiMethod.ARTIFACT_REGISTRY_LIST_TAGS, "listTags"),
          Map.entry(ApiMethod.ARTIFACT_REGISTRY_GET_TAG, "getTag"),
          Map.entry(ApiMethod.ARTIFACT_REGISTRY_GET_DOCKER_IMAGE, "getDockerImage"),
          Map.entry(ApiMethod.RESOURCE_MANAGER_GET_FOLDER, "getFolder"),
          Map.entry(ApiMethod.RESOURCE_MANAGER_GET_FOLDER_IAM_POLICY, "getIamPolicy"),
          Map.entry(ApiMethod.RESOURCE_MANAGER_GET_ORGANIZATION_IAM_POLICY, "getIamPolicy"),
          Map.entry(ApiMethod.ARTIFACT_REGISTRY_GET_IAM_POLICY, "getIamPolicy"),
          Map.entry(ApiMethod.ARTIFACT_REGISTRY_SET_IAM_POLICY, "setIamPolicy"),
          Map.entry(ApiMethod.ARTIFACT_REGISTRY_TEST_IAM_PERMISSIONS, "testIamPermissions"),
          Map.entry(ApiMethod.ARTIFACT_REGISTRY_LIST_LOCATIONS, "listLocations"),
          Map.entry(ApiMethod.ARTIFACT_REGISTRY_LIST_RULES, "listRules"),
          Map.entry(ApiMethod.ARTIFACT_REGISTRY_GET_VPCSC_CONFIG, "getVPCSCConfig"),
          Map.entry(ApiMethod.SECRET_MANAGER_GET_SECRET_VERSION, "getSecretVersion"),
          Map.entry(ApiMethod.SECRET_MANAGER_GET_IAM_POLICY, "getIamPolicy"),
          Map.entry(ApiMethod.KMS_GET_CRYPTO_KEY, "getCryptoKey"),
          Map.entry(ApiMethod.KMS_GET_IAM_POLICY, "getIamPolicy"),
          Map.entry(ApiMethod.CONTAINER_GET_CLUSTER, "getCluster"),
          Map.entry(ApiMethod.CONTAINER_LIST_CLUSTERS, "listClusters"),
          Map.entry(ApiMethod.IAM_GET_SERVICE_ACCOUNT, "getServiceAccount"),
          Map.entry(ApiMethod.IAM_CREDENTIALS_GENERATE_ACCESS_TOKEN, "generateAccessToken"),
          Map.entry(ApiMethod.RESOURCE_MANAGER_GET_PROJECT, "getProject"),
          Map.entry(ApiMethod.RESOURCE_MANAGER_GET_IAM_POLICY, "getIamPolicy"),
          Map.entry(ApiMethod.POLICY_TROUBLESHOOTER_TROUBLESHOOT, "troubleshootIamPolicy"),
          Map.entry(ApiMethod.ERROR_REPORTING_REPORT, "reportErrorEvent"),
          Map.entry(ApiMethod.FUNCTIONS_GET_FUNCTION, "getFunction"),
          Map.entry(ApiMethod.FIRESTORE_BEGIN_TRANSACTION, "beginTransaction"),
          Map.entry(ApiMethod.FIRESTORE_BATCH_GET_DOCUMENTS, "batchGetDocuments"),
          Map.entry(ApiMethod.FIRESTORE_COMMIT, "commit"),
          Map.entry(ApiMethod.FIRESTORE_ROLLBACK, "rollback"),
          Map.entry(ApiMethod.FIRESTORE_RUN_QUERY, "runQuery"));

  private static StubSettings<?> stubSettings(ApiMethod m) throws Exception {
    String service = m.fullName().substring(0, m.fullName().indexOf('/'));
    return switch (service) {
      case "google.devtools.artifactregistry.v1.ArtifactRegistry",
          "google.cloud.location.Locations" ->
          ArtifactRegistryStubSettings.newBuilder().build();
      case "google.container.v1.ClusterManager" -> ClusterManagerStubSettings.newBuilder().build();
      case "google.cloud.secretmanager.v1.SecretManagerService" ->
          com.google.cloud.secretmanager.v1.stub.SecretManagerServiceStubSettings.newBuilder()
              .build();
      case "google.cloud.kms.v1.KeyManagementService", "google.iam.v1.IAMPolicy" ->
          com.google.cloud.kms.v1.stub.KeyManagementServiceStubSettings.newBuilder().build();
      case "google.iam.admin.v1.IAM" -> IAMStubSettings.newBuilder().build();
      case "google.iam.credentials.v1.IAMCredentials" ->
          IamCredentialsStubSettings.newBuilder().build();
      case "google.cloud.resourcemanager.v3.Projects" -> ProjectsStubSettings.newBuilder().build();
      case "google.cloud.resourcemanager.v3.Folders" ->
          com.google.cloud.resourcemanager.v3.stub.FoldersStubSettings.newBuilder().build();
      case "google.cloud.resourcemanager.v3.Organizations" ->
          com.google.cloud.resourcemanager.v3.stub.OrganizationsStubSettings.newBuilder().build();
      case "google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooter" ->
          PolicyTroubleshooterStubSettings.newBuilder().build();
      case "google.devtools.clouderrorreporting.v1beta1.ReportErrorsService" ->
          ReportErrorsServiceStubSettings.newBuilder().build();
      case "google.cloud.functions.v2.FunctionService" ->
          FunctionServiceStubSettings.newBuilder().build();
      case "google.firestore.v1.Firestore" -> FirestoreStubSettings.newBuilder().build();
      default -> throw new AssertionError("no stub settings known for " + service);
    };
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ApiMethod.class)
  void settings_areTheGeneratedStubsDefaults(ApiMethod m) throws Exception {
    if (m.fullName().startsWith("google.iam.v2.Policies/")) {
      // No gax client of IAM v2 resolves here: Google's service config is the reference
      // (googleapis google/iam/v2/iam_grpc_service_config.json: 60s, UNAVAILABLE, 1s x1.3 <= 10s).
      assertThat(m.settings())
          .isEqualTo(
              new ApiMethod.Settings(
                  Duration.ofSeconds(60),
                  Set.of(Status.Code.UNAVAILABLE),
                  Duration.ofSeconds(1),
                  1.3,
                  Duration.ofSeconds(10)));
      return;
    }
    assertThat(SETTINGS_NAME).as("add %s to SETTINGS_NAME", m).containsKey(m);
    Object s =
        stubSettings(m)
            .getClass()
            .getMethod(SETTINGS_NAME.get(m) + "Settings")
            .invoke(stubSettings(m));
    RetrySettings retry;
    Set<StatusCode.Code> codes;
    if (s instanceof UnaryCallSettings<?, ?> u) {
      retry = u.getRetrySettings();
      codes = u.getRetryableCodes();
    } else if (s instanceof PagedCallSettings<?, ?, ?> p) {
      retry = p.getRetrySettings();
      codes = p.getRetryableCodes();
    } else {
      ServerStreamingCallSettings<?, ?> st = (ServerStreamingCallSettings<?, ?>) s;
      retry = st.getRetrySettings();
      codes = st.getRetryableCodes();
    }
    ApiMethod.Settings ours = m.settings();

    Duration total = retry.getTotalTimeoutDuration();
    assertThat(ours.timeout()).isEqualTo(total.isZero() ? null : total);
    assertThat(ours.retryable())
        .isEqualTo(
            codes.stream().map(c -> Status.Code.valueOf(c.name())).collect(Collectors.toSet()));
    if (!codes.isEmpty()) {
      assertThat(ours.firstDelay()).isEqualTo(retry.getInitialRetryDelayDuration());
      assertThat(ours.multiplier()).isEqualTo(retry.getRetryDelayMultiplier());
      assertThat(ours.maxDelay()).isEqualTo(retry.getMaxRetryDelayDuration());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ApiMethod.class)
  void ofItsFullName_findsTheMethod(ApiMethod m) {
    assertThat(ApiMethod.of(m.fullName())).isSameAs(m);
  }

  @org.junit.jupiter.api.Test
  void anUnregisteredName_isRefused() {
    assertThatThrownBy(() -> ApiMethod.of("google.iam.v2.Policies/CreatePolicy"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("register it, with its parity case");
  }

  @org.junit.jupiter.api.Test
  void theDeadline_isGooglesTimeout_withinPullDoctorsOwn() {
    Duration ten = Duration.ofSeconds(10);
    assertThat(ApiMethod.CONTAINER_GET_CLUSTER.settings().deadlineWithin(ten)).isEqualTo(ten);
    assertThat(ApiMethod.CONTAINER_GET_CLUSTER.settings().deadlineWithin(Duration.ofMinutes(5)))
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(ApiMethod.FUNCTIONS_GET_FUNCTION.settings().deadlineWithin(ten)).isEqualTo(ten);
  }
}
