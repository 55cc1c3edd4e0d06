package dev.pulldoctor.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.cloud.functions.v2.FunctionServiceClient;
import com.google.cloud.functions.v2.FunctionServiceGrpc;
import com.google.cloud.functions.v2.GetFunctionRequest;
import com.google.cloud.iam.admin.v1.IAMClient;
import com.google.cloud.iam.credentials.v1.GenerateAccessTokenRequest;
import com.google.cloud.iam.credentials.v1.IAMCredentialsGrpc;
import com.google.cloud.iam.credentials.v1.IamCredentialsClient;
import com.google.cloud.location.ListLocationsRequest;
import com.google.cloud.policytroubleshooter.iam.v3.AccessTuple;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterClient;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterGrpc;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyRequest;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.FoldersGrpc;
import com.google.cloud.resourcemanager.v3.GetFolderRequest;
import com.google.cloud.resourcemanager.v3.GetProjectRequest;
import com.google.cloud.resourcemanager.v3.OrganizationsClient;
import com.google.cloud.resourcemanager.v3.OrganizationsGrpc;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.cloud.resourcemanager.v3.ProjectsGrpc;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.ListClustersRequest;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryGrpc;
import com.google.devtools.artifactregistry.v1.GetDockerImageRequest;
import com.google.devtools.artifactregistry.v1.GetRepositoryRequest;
import com.google.devtools.artifactregistry.v1.GetTagRequest;
import com.google.devtools.artifactregistry.v1.ListRepositoriesRequest;
import com.google.devtools.artifactregistry.v1.ListTagsRequest;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorEventRequest;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceClient;
import com.google.devtools.clouderrorreporting.v1beta1.ReportErrorsServiceGrpc;
import com.google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent;
import com.google.devtools.clouderrorreporting.v1beta1.ServiceContext;
import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.RollbackRequest;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.Write;
import com.google.iam.admin.v1.GetServiceAccountRequest;
import com.google.iam.admin.v1.IAMGrpc;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.iam.v1.TestIamPermissionsRequest;
import com.google.iam.v2.ListPoliciesRequest;
import com.google.iam.v2.PoliciesGrpc;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import dev.pulldoctor.WireTap;
import dev.pulldoctor.gcp.GoogleClients.Endpoint;
import dev.pulldoctor.report.FirestoreRpcProbe;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Google's generated client is the oracle of the wire (STYLE.md 10d): every method in {@link
 * ApiMethod} is sent once through Pull Doctor's own path ({@link GrpcApi}, or the Firestore store's
 * raw calls) and once through Google's gax client, to a tap that records what arrived; the two must
 * carry the same routing header, the same other {@code x-goog-*} metadata and the same request
 * bytes. A method registered without a case here fails, so a new call cannot skip the comparison.
 *
 * <p>Resource names hold what the encoding must get right: an {@code @}, a package name's escaped
 * {@code /} ({@code %2F}), a named database's parentheses.
 */
class WireParityTest {
  private static final String PROJECT = "acme-prod-417";
  private static final String LOCATION = "projects/" + PROJECT + "/locations/us-central1";
  private static final String REPO = LOCATION + "/repositories/services";
  private static final String PACKAGE = REPO + "/packages/team%2Fcheckout";
  private static final String CLUSTER = LOCATION + "/clusters/prod";
  private static final String ACCOUNT =
      "projects/-/serviceAccounts/node-sa@acme-prod-417.iam.gserviceaccount.com";
  private static final String DATABASE = "projects/" + PROJECT + "/databases/pull-doctor(eu)";
  private static final String DOCUMENTS = DATABASE + "/documents";

  /** Where both sides send: Pull Doctor's clients and Google's, on one tap. */
  private record Target(GoogleClients ours, GaxClients google, FirestoreRpcProbe firestore) {
    GrpcApi api(Endpoint endpoint) {
      return ours.api(endpoint, Duration.ofSeconds(10));
    }
  }

  /** One method sent both ways. */
  private record Case(Consumer<Target> ours, Consumer<Target> google) {}

  private static final Map<ApiMethod, Case> CASES = new EnumMap<>(ApiMethod.class);

  private static <Q> void unary(
      ApiMethod m, Endpoint endpoint, MethodDescriptor<Q, ?> method, Q request, GaxCall<Q> gax) {
    CASES.put(
        m,
        new Case(t -> t.api(endpoint).call(method, request), t -> gax.call(t.google(), request)));
  }

  private interface GaxCall<Q> {
    void call(GaxClients google, Q request);
  }

  static {
    GetRepositoryRequest getRepository = GetRepositoryRequest.newBuilder().setName(REPO).build();
    unary(
        ApiMethod.ARTIFACT_REGISTRY_GET_REPOSITORY,
        Endpoint.ARTIFACT_REGISTRY,
        ArtifactRegistryGrpc.getGetRepositoryMethod(),
        getRepository,
        (g, q) -> withRegistry(g, c -> c.getRepository(q)));
    unary(
        ApiMethod.ARTIFACT_REGISTRY_LIST_REPOSITORIES,
        Endpoint.ARTIFACT_REGISTRY,
        ArtifactRegistryGrpc.getListRepositoriesMethod(),
        ListRepositoriesRequest.newBuilder().setParent(LOCATION).setPageSize(1000).build(),
        (g, q) -> withRegistry(g, c -> c.listRepositories(q)));
    unary(
        ApiMethod.ARTIFACT_REGISTRY_LIST_TAGS,
        Endpoint.ARTIFACT_REGISTRY,
        ArtifactRegistryGrpc.getListTagsMethod(),
        ListTagsRequest.newBuilder().setParent(PACKAGE).build(),
        (g, q) -> withRegistry(g, c -> c.listTags(q)));
    unary(
        ApiMethod.ARTIFACT_REGISTRY_GET_TAG,
        Endpoint.ARTIFACT_REGISTRY,
        ArtifactRegistryGrpc.getGetTagMethod(),
        GetTagRequest.newBuilder().setName(PACKAGE + "/tags/1.8.2").build(),
        (g, q) -> withRegistry(g, c -> c.getTag(q)));
    unary(
        ApiMethod.ARTIFACT_REGISTRY_GET_DOCKER_IMAGE,
        Endpoint.ARTIFACT_REGISTRY,
        ArtifactRegistryGrpc.getGetDockerImageMethod(),
        GetDockerImageRequest.newBuilder()
            .setName(
                REPO
                    + "/dockerImages/team%2Fcheckout@sha256:"
                    + "e9954c1fc875017be1c3e36eca16be2d9e9bccc4bf072163515467d6a823c7cf")
            .build(),
        (g, q) -> withRegistry(g, c -> c.getDockerImage(q)));
    unary(
        ApiMethod.ARTIFACT_REGISTRY_GET_IAM_POLICY,
        Endpoint.ARTIFACT_REGISTRY,
        ArtifactRegistryGrpc.getGetIamPolicyMethod(),
        GetIamPolicyRequest.newBuilder()
            .setResource(REPO)
            .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3))
            .build(),
        (g, q) -> withRegistry(g, c -> c.getIamPolicy(q)));
    unary(
        ApiMethod.ARTIFACT_REGISTRY_SET_IAM_POLICY,
        Endpoint.ARTIFACT_REGISTRY,
        ArtifactRegistryGrpc.getSetIamPolicyMethod(),
        SetIamPolicyRequest.newBuilder()
            .setResource(REPO)
            .setPolicy(Policy.newBuilder().setVersion(3).setEtag(ByteString.copyFromUtf8("e1")))
            .build(),
        (g, q) -> withRegistry(g, c -> c.setIamPolicy(q)));
    unary(
        ApiMethod.ARTIFACT_REGISTRY_TEST_IAM_PERMISSIONS,
        Endpoint.ARTIFACT_REGISTRY,
        ArtifactRegistryGrpc.getTestIamPermissionsMethod(),
        TestIamPermissionsRequest.newBuilder()
            .setResource(REPO)
            .addPermissions("artifactregistry.repositories.downloadArtifacts")
            .build(),
        (g, q) -> withRegistry(g, c -> c.testIamPermissions(q)));
    unary(
        ApiMethod.ARTIFACT_REGISTRY_LIST_LOCATIONS,
        Endpoint.ARTIFACT_REGISTRY,
        Locations.LIST_LOCATIONS,
        ListLocationsRequest.newBuilder().setName("projects/" + PROJECT).setPageSize(1000).build(),
        (g, q) -> withRegistry(g, c -> c.listLocations(q)));
    unary(
        ApiMethod.ARTIFACT_REGISTRY_LIST_RULES,
        Endpoint.ARTIFACT_REGISTRY,
        ArtifactRegistryGrpc.getListRulesMethod(),
        com.google.devtools.artifactregistry.v1.ListRulesRequest.newBuilder()
            .setParent(REPO)
            .build(),
        (g, q) -> withRegistry(g, c -> c.listRules(q)));
    unary(
        ApiMethod.ARTIFACT_REGISTRY_GET_VPCSC_CONFIG,
        Endpoint.ARTIFACT_REGISTRY,
        ArtifactRegistryGrpc.getGetVPCSCConfigMethod(),
        com.google.devtools.artifactregistry.v1.GetVPCSCConfigRequest.newBuilder()
            .setName(LOCATION + "/vpcscConfig")
            .build(),
        (g, q) -> withRegistry(g, c -> c.getVPCSCConfig(q)));
    unary(
        ApiMethod.SECRET_MANAGER_GET_SECRET_VERSION,
        Endpoint.SECRET_MANAGER,
        com.google.cloud.secretmanager.v1.SecretManagerServiceGrpc.getGetSecretVersionMethod(),
        com.google.cloud.secretmanager.v1.GetSecretVersionRequest.newBuilder()
            .setName("projects/" + PROJECT + "/secrets/hub@token/versions/latest")
            .build(),
        (g, q) -> {
          try (var c = g.secretManager()) {
            c.getSecretVersion(q);
          }
        });
    unary(
        ApiMethod.SECRET_MANAGER_GET_IAM_POLICY,
        Endpoint.SECRET_MANAGER,
        com.google.cloud.secretmanager.v1.SecretManagerServiceGrpc.getGetIamPolicyMethod(),
        GetIamPolicyRequest.newBuilder()
            .setResource("projects/" + PROJECT + "/secrets/hub-token")
            .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3))
            .build(),
        (g, q) -> {
          try (var c = g.secretManager()) {
            c.getIamPolicy(q);
          }
        });
    String key = LOCATION + "/keyRings/ring/cryptoKeys/ar-key";
    unary(
        ApiMethod.KMS_GET_CRYPTO_KEY,
        Endpoint.KMS,
        com.google.cloud.kms.v1.KeyManagementServiceGrpc.getGetCryptoKeyMethod(),
        com.google.cloud.kms.v1.GetCryptoKeyRequest.newBuilder().setName(key).build(),
        (g, q) -> {
          try (var c = g.kms()) {
            c.getCryptoKey(q);
          }
        });
    unary(
        ApiMethod.KMS_GET_IAM_POLICY,
        Endpoint.KMS,
        IamPolicyMixin.GET_IAM_POLICY,
        GetIamPolicyRequest.newBuilder()
            .setResource(key)
            .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3))
            .build(),
        (g, q) -> {
          try (var c = g.kms()) {
            c.getIamPolicy(q);
          }
        });
    unary(
        ApiMethod.CONTAINER_GET_CLUSTER,
        Endpoint.CONTAINER,
        ClusterManagerGrpc.getGetClusterMethod(),
        GetClusterRequest.newBuilder().setName(CLUSTER).build(),
        (g, q) -> {
          try (var c = g.clusterManager()) {
            c.getCluster(q);
          }
        });
    unary(
        ApiMethod.CONTAINER_LIST_CLUSTERS,
        Endpoint.CONTAINER,
        ClusterManagerGrpc.getListClustersMethod(),
        ListClustersRequest.newBuilder().setParent("projects/" + PROJECT + "/locations/-").build(),
        (g, q) -> {
          try (var c = g.clusterManager()) {
            c.listClusters(q);
          }
        });
    unary(
        ApiMethod.IAM_GET_SERVICE_ACCOUNT,
        Endpoint.IAM,
        IAMGrpc.getGetServiceAccountMethod(),
        GetServiceAccountRequest.newBuilder().setName(ACCOUNT).build(),
        (g, q) -> {
          try (IAMClient c = g.iam()) {
            c.getServiceAccount(q);
          }
        });
    unary(
        ApiMethod.IAM_CREDENTIALS_GENERATE_ACCESS_TOKEN,
        Endpoint.IAM_CREDENTIALS,
        IAMCredentialsGrpc.getGenerateAccessTokenMethod(),
        GenerateAccessTokenRequest.newBuilder()
            .setName(ACCOUNT)
            .addScope("https://www.googleapis.com/auth/cloud-platform")
            .setLifetime(Durations.fromSeconds(900))
            .build(),
        (g, q) -> {
          try (IamCredentialsClient c = g.iamCredentials()) {
            c.generateAccessToken(q);
          }
        });
    unary(
        ApiMethod.RESOURCE_MANAGER_GET_PROJECT,
        Endpoint.RESOURCE_MANAGER,
        ProjectsGrpc.getGetProjectMethod(),
        GetProjectRequest.newBuilder().setName("projects/" + PROJECT).build(),
        (g, q) -> {
          try (ProjectsClient c = g.projects()) {
            c.getProject(q);
          }
        });
    unary(
        ApiMethod.RESOURCE_MANAGER_GET_FOLDER,
        Endpoint.RESOURCE_MANAGER,
        FoldersGrpc.getGetFolderMethod(),
        GetFolderRequest.newBuilder().setName("folders/8800").build(),
        (g, q) -> {
          try (FoldersClient c = g.folders()) {
            c.getFolder(q);
          }
        });
    unary(
        ApiMethod.RESOURCE_MANAGER_GET_FOLDER_IAM_POLICY,
        Endpoint.RESOURCE_MANAGER,
        FoldersGrpc.getGetIamPolicyMethod(),
        Policies.request("folders/8800"),
        (g, q) -> {
          try (FoldersClient c = g.folders()) {
            c.getIamPolicy(q);
          }
        });
    unary(
        ApiMethod.RESOURCE_MANAGER_GET_ORGANIZATION_IAM_POLICY,
        Endpoint.RESOURCE_MANAGER,
        OrganizationsGrpc.getGetIamPolicyMethod(),
        Policies.request("organizations/4455"),
        (g, q) -> {
          try (OrganizationsClient c = g.organizations()) {
            c.getIamPolicy(q);
          }
        });
    // IAM v2 has no gax client that resolves here (google-iam-policy): Google's side is the
    // generated gRPC stub with the header gax's own RequestUrlParamsEncoder makes of the field
    // that the method's google.api.http rule names (parent, name).
    unary(
        ApiMethod.IAM_LIST_POLICIES,
        Endpoint.IAM,
        PoliciesGrpc.getListPoliciesMethod(),
        ListPoliciesRequest.newBuilder()
            .setParent(
                "policies/"
                    + HierarchyAdapter.attachmentPoint("organizations/4455")
                    + "/denypolicies")
            .build(),
        (g, q) ->
            viaGeneratedStub(
                PoliciesGrpc.getListPoliciesMethod(), q, "parent", ListPoliciesRequest::getParent));
    unary(
        ApiMethod.IAM_GET_POLICY,
        Endpoint.IAM,
        PoliciesGrpc.getGetPolicyMethod(),
        com.google.iam.v2.GetPolicyRequest.newBuilder()
            .setName(
                "policies/"
                    + HierarchyAdapter.attachmentPoint("organizations/4455")
                    + "/denypolicies/no-pulls")
            .build(),
        (g, q) ->
            viaGeneratedStub(
                PoliciesGrpc.getGetPolicyMethod(),
                q,
                "name",
                com.google.iam.v2.GetPolicyRequest::getName));
    unary(
        ApiMethod.RESOURCE_MANAGER_GET_IAM_POLICY,
        Endpoint.RESOURCE_MANAGER,
        ProjectsGrpc.getGetIamPolicyMethod(),
        GetIamPolicyRequest.newBuilder()
            .setResource("projects/" + PROJECT)
            .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(3))
            .build(),
        (g, q) -> {
          try (ProjectsClient c = g.projects()) {
            c.getIamPolicy(q);
          }
        });
    unary(
        ApiMethod.POLICY_TROUBLESHOOTER_TROUBLESHOOT,
        Endpoint.POLICY_TROUBLESHOOTER,
        PolicyTroubleshooterGrpc.getTroubleshootIamPolicyMethod(),
        TroubleshootIamPolicyRequest.newBuilder()
            .setAccessTuple(
                AccessTuple.newBuilder()
                    .setPrincipal("node-sa@acme-prod-417.iam.gserviceaccount.com")
                    .setFullResourceName("//artifactregistry.googleapis.com/" + REPO)
                    .setPermission("artifactregistry.repositories.downloadArtifacts"))
            .build(),
        (g, q) -> {
          try (PolicyTroubleshooterClient c = g.policyTroubleshooter()) {
            c.troubleshootIamPolicy(q);
          }
        });
    unary(
        ApiMethod.ERROR_REPORTING_REPORT,
        Endpoint.ERROR_REPORTING,
        ReportErrorsServiceGrpc.getReportErrorEventMethod(),
        ReportErrorEventRequest.newBuilder()
            .setProjectName("projects/" + PROJECT)
            .setEvent(
                ReportedErrorEvent.newBuilder()
                    .setServiceContext(ServiceContext.newBuilder().setService("pull-doctor"))
                    .setMessage("Pull Doctor: NODE_SA_MISSING_READER"))
            .build(),
        (g, q) -> {
          try (ReportErrorsServiceClient c = g.reportErrors()) {
            c.reportErrorEvent(q);
          }
        });
    unary(
        ApiMethod.FUNCTIONS_GET_FUNCTION,
        Endpoint.FUNCTIONS,
        FunctionServiceGrpc.getGetFunctionMethod(),
        GetFunctionRequest.newBuilder()
            .setName("projects/" + PROJECT + "/locations/europe-west1/functions/pull-doctor")
            .build(),
        (g, q) -> {
          try (FunctionServiceClient c = g.functions()) {
            c.getFunction(q);
          }
        });

    ByteString tx = ByteString.copyFromUtf8("tx-1");
    List<String> names = List.of(DOCUMENTS + "/pullFindings/abc");
    List<Write> writes =
        List.of(Write.newBuilder().setUpdate(Document.newBuilder().setName(names.get(0))).build());
    StructuredQuery query =
        StructuredQuery.newBuilder()
            .addFrom(StructuredQuery.CollectionSelector.newBuilder().setCollectionId("x"))
            .build();
    CASES.put(
        ApiMethod.FIRESTORE_BEGIN_TRANSACTION,
        new Case(
            t -> t.firestore().beginTransaction(),
            t ->
                withFirestore(
                    t.google(),
                    c ->
                        c.beginTransaction(
                            BeginTransactionRequest.newBuilder().setDatabase(DATABASE).build()))));
    CASES.put(
        ApiMethod.FIRESTORE_BATCH_GET_DOCUMENTS,
        new Case(
            t -> t.firestore().batchGet(tx, names),
            t ->
                withFirestore(
                    t.google(),
                    c ->
                        c.batchGetDocumentsCallable()
                            .call(
                                BatchGetDocumentsRequest.newBuilder()
                                    .setDatabase(DATABASE)
                                    .addAllDocuments(names)
                                    .setTransaction(tx)
                                    .build())
                            .forEach(r -> {}))));
    CASES.put(
        ApiMethod.FIRESTORE_COMMIT,
        new Case(
            t -> t.firestore().commit(tx, writes),
            t ->
                withFirestore(
                    t.google(),
                    c ->
                        c.commit(
                            CommitRequest.newBuilder()
                                .setDatabase(DATABASE)
                                .setTransaction(tx)
                                .addAllWrites(writes)
                                .build()))));
    CASES.put(
        ApiMethod.FIRESTORE_ROLLBACK,
        new Case(
            t -> t.firestore().rollback(tx),
            t ->
                withFirestore(
                    t.google(),
                    c ->
                        c.rollback(
                            RollbackRequest.newBuilder()
                                .setDatabase(DATABASE)
                                .setTransaction(tx)
                                .build()))));
    CASES.put(
        ApiMethod.FIRESTORE_RUN_QUERY,
        new Case(
            t -> t.firestore().runQuery(query),
            t ->
                withFirestore(
                    t.google(),
                    c ->
                        c.runQueryCallable()
                            .call(
                                RunQueryRequest.newBuilder()
                                    .setParent(DOCUMENTS)
                                    .setStructuredQuery(query)
                                    .build())
                            .forEach(r -> {}))));
  }

  /** A call through Google's generated gRPC stub, with gax's encoding of the routing field. */
  private static <Q, R> void viaGeneratedStub(
      io.grpc.MethodDescriptor<Q, R> method,
      Q request,
      String key,
      java.util.function.Function<Q, String> field) {
    String params =
        new com.google.api.gax.rpc.RequestUrlParamsEncoder<Q>(
                q -> {
                  com.google.api.gax.rpc.RequestParamsBuilder b =
                      com.google.api.gax.rpc.RequestParamsBuilder.create();
                  b.add(key, field.apply(q));
                  return b.build();
                })
            .encode(request);
    io.grpc.Metadata headers = new io.grpc.Metadata();
    headers.put(
        io.grpc.Metadata.Key.of("x-goog-request-params", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        params);
    io.grpc.ManagedChannel channel =
        io.grpc.ManagedChannelBuilder.forTarget(tap.endpoint()).usePlaintext().build();
    try {
      io.grpc.stub.ClientCalls.blockingUnaryCall(
          io.grpc.ClientInterceptors.intercept(
              channel, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers)),
          method,
          io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS),
          request);
    } finally {
      channel.shutdownNow();
    }
  }

  private static void withRegistry(GaxClients g, Consumer<ArtifactRegistryClient> call) {
    try (ArtifactRegistryClient c = g.artifactRegistry()) {
      call.accept(c);
    }
  }

  private static void withFirestore(
      GaxClients g, Consumer<com.google.cloud.firestore.v1.FirestoreClient> call) {
    try (var c = g.firestore()) {
      call.accept(c);
    }
  }

  private static WireTap tap;
  private static Target target;

  @BeforeAll
  static void open() {
    tap = WireTap.recorder();
    target =
        new Target(
            GoogleClients.sandbox(tap.endpoint()),
            GaxClients.sandbox(tap.endpoint()),
            new FirestoreRpcProbe(tap.endpoint(), PROJECT, "pull-doctor(eu)"));
  }

  @AfterAll
  static void close() {
    target.ours().close();
    tap.close();
  }

  @BeforeEach
  void clean() {
    tap.reset();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ApiMethod.class)
  void everyRegisteredMethod_sendsWhatGooglesClientSends(ApiMethod method) {
    Case c = CASES.get(method);
    if (c == null) {
      fail(
          method
              + " is registered in ApiMethod without a parity case: add one to"
              + " WireParityTest.CASES (see ApiMethod's comment)");
    }

    WireTap.Call ours = sendOnce(method, c.ours());
    WireTap.Call google = sendOnce(method, c.google());

    assertThat(ours.method()).isEqualTo(method.fullName()).isEqualTo(google.method());
    assertThat(ours.header("x-goog-request-params"))
        .as("routing header of %s", method)
        .isEqualTo(google.header("x-goog-request-params"));
    if (method.routed()) {
      assertThat(ours.header("x-goog-request-params")).as("routed %s", method).isNotBlank();
    }
    assertThat(googHeaders(ours))
        .as("x-goog-* headers of %s", method)
        .isEqualTo(googHeaders(google));
    assertThat(ours.request()).as("request bytes of %s", method).isEqualTo(google.request());
  }

  @Test
  void theRoutingHeader_isPercentEncodedAsGaxEncodesIt() {
    WireTap.Call call =
        sendOnce(
            ApiMethod.ARTIFACT_REGISTRY_LIST_TAGS,
            CASES.get(ApiMethod.ARTIFACT_REGISTRY_LIST_TAGS).ours());

    assertThat(call.header("x-goog-request-params"))
        .isEqualTo(
            "parent=projects%2Facme-prod-417%2Flocations%2Fus-central1%2Frepositories%2Fservices"
                + "%2Fpackages%2Fteam%252Fcheckout");
    assertThat(ApiMethod.percentEncode("a b*~ü")).isEqualTo("a%20b%2A~%C3%BC");
  }

  @Test
  void aMethodThatIsNotRegistered_isRefusedBeforeAnythingIsSent() {
    GrpcApi registry = target.api(Endpoint.ARTIFACT_REGISTRY);

    assertThatThrownBy(
            () ->
                registry.call(
                    ArtifactRegistryGrpc.getDeleteRepositoryMethod(),
                    com.google.devtools.artifactregistry.v1.DeleteRepositoryRequest.newBuilder()
                        .setName(REPO)
                        .build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ArtifactRegistry/DeleteRepository is not in ApiMethod");
    assertThat(tap.calls()).isEmpty();
  }

  private static WireTap.Call sendOnce(ApiMethod method, Consumer<Target> send) {
    tap.reset();
    send.accept(target);
    List<WireTap.Call> calls = tap.calls();
    assertThat(calls).as("calls of %s", method).hasSize(1);
    return calls.get(0);
  }

  /** The {@code x-goog-*} headers but gax's own client identification. */
  private static Set<String> googHeaders(WireTap.Call call) {
    return call.headers().keys().stream()
        .filter(k -> k.startsWith("x-goog-") && !k.equals("x-goog-api-client"))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
