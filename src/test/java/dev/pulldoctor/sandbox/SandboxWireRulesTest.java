package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.AnnotationsProto;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.policytroubleshooter.iam.v3.AccessTuple;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterClient;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyRequest;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryClient;
import com.google.devtools.artifactregistry.v1.ArtifactRegistryGrpc;
import dev.pulldoctor.WireTap;
import dev.pulldoctor.gcp.GaxClients;
import io.grpc.BindableService;
import io.grpc.Metadata;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox as strict as Google on the wire (DESIGN.md §10): through a tap that strips or changes
 * the routing header or the token, Google's own clients are refused the way Google refuses them;
 * and every method the sandbox implements has its REST id, from its HTTP rule, in Google's method →
 * permission map.
 */
class SandboxWireRulesTest {
  private static final String REPO =
      "projects/acme-prod-417/locations/us-central1/repositories/services";
  private static final Metadata.Key<String> PARAMS =
      Metadata.Key.of("x-goog-request-params", Metadata.ASCII_STRING_MARSHALLER);

  private static Sandbox sandbox;
  private static WireTap tap;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(TestWorlds.load("seed-world.json"));
    tap = WireTap.forwardingTo(sandbox.endpoint());
  }

  @AfterAll
  static void stop() {
    tap.close();
    sandbox.close();
  }

  private static ApiException getRepositoryThroughTheTap() {
    try (ArtifactRegistryClient c = GaxClients.sandbox(tap.endpoint()).artifactRegistry()) {
      return catchThrowableOfType(ApiException.class, () -> c.getRepository(REPO));
    }
  }

  @Test
  void aRoutedCall_withItsHeader_isAnswered() {
    tap.editing(h -> {});

    assertThat(getRepositoryThroughTheTap()).isNull();
  }

  @Test
  void aRoutedCall_withoutTheRoutingHeader_isInvalidArgument_namingTheField() {
    tap.stripping("x-goog-request-params");

    ApiException e = getRepositoryThroughTheTap();

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(e.getMessage())
        .contains("\"x-goog-request-params\" header is either missing or misformatted")
        .contains("the request's name (name=" + REPO);
  }

  @Test
  void aRoutedCall_whoseHeaderNamesAnotherResource_isInvalidArgument() {
    tap.editing(
        h -> {
          h.discardAll(PARAMS);
          h.put(PARAMS, "name=projects%2Fother%2Flocations%2Fus-central1%2Frepositories%2Fx");
        });

    ApiException e = getRepositoryThroughTheTap();

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
    assertThat(e.getMessage())
        .contains(
            "Invalid name found in x-goog-request-params metadata"
                + " (name=projects/other/locations/us-central1/repositories/x)")
        .contains("does not match the request's name (" + REPO + ")");
  }

  @Test
  void aCall_withoutAToken_isUnauthenticated_notTheWorldsCaller() {
    tap.stripping("authorization");

    ApiException e = getRepositoryThroughTheTap();

    assertThat(e.getStatusCode().getCode()).isEqualTo(StatusCode.Code.UNAUTHENTICATED);
    assertThat(e.getMessage()).contains("Request is missing required authentication credential");
  }

  @Test
  void gkesZonalFields_routeAGetCluster_asItsAdditionalBindingSays() {
    tap.editing(h -> {});
    try (ClusterManagerClient gke = GaxClients.sandbox(tap.endpoint()).clusterManager()) {
      // The deprecated zonal form: the stub sends project_id, zone and cluster_id, not name.
      assertThat(gke.getCluster("acme-prod-417", "us-central1", "prod").getName())
          .isEqualTo("prod");
    }
    assertThat(tap.calls().get(tap.calls().size() - 1).header("x-goog-request-params"))
        .isEqualTo("cluster_id=prod&project_id=acme-prod-417&zone=us-central1");
  }

  @Test
  void aMethodWithoutPathParameters_needsNoRoutingHeader() {
    tap.stripping("x-goog-request-params");
    try (PolicyTroubleshooterClient t = GaxClients.sandbox(tap.endpoint()).policyTroubleshooter()) {
      assertThat(
              t.troubleshootIamPolicy(
                      TroubleshootIamPolicyRequest.newBuilder()
                          .setAccessTuple(
                              AccessTuple.newBuilder()
                                  .setPrincipal(
                                      "123456789012-compute@developer.gserviceaccount.com")
                                  .setFullResourceName("//artifactregistry.googleapis.com/" + REPO)
                                  .setPermission("artifactregistry.repositories.downloadArtifacts"))
                          .build())
                  .hasAccessTuple())
          .isTrue();
    }
  }

  /** The sandbox's services, as {@link Sandbox#load} builds them. */
  private static List<BindableService> services() {
    Access access = new Access(sandbox.world(), new Iam(sandbox.world(), Roles.predefined()));
    return List.of(
        new ClusterManagerService(access),
        new ArtifactRegistryService(access),
        new LocationsService(access),
        new IamCredentialsService(access, new Tokens(java.time.Clock.systemUTC())),
        new IamAdminService(access),
        new TroubleshooterService(access),
        new ProjectsService(access),
        new ErrorReportingService(access),
        new FunctionsService(access));
  }

  @Test
  void everyMethodTheSandboxImplements_hasItsRestIdInGooglesPermissionMap() {
    HttpRules rules = new HttpRules();
    List<String> implemented = new ArrayList<>();
    for (BindableService s : services()) {
      rules.learn(s.bindService().getServiceDescriptor());
      for (var m : s.bindService().getMethods()) {
        String full = m.getMethodDescriptor().getFullMethodName();
        String bare = full.substring(full.indexOf('/') + 1);
        String java = Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
        if (declares(s.getClass(), java)) {
          implemented.add(full);
        }
      }
    }
    SoftAssertions soft = new SoftAssertions();
    assertThat(implemented).hasSizeGreaterThan(15);
    for (String full : implemented) {
      HttpRules.Rule rule = rules.rule(full).orElseThrow();
      soft.assertThat(rule.restMethod()).as(full).isNotNull();
      if (rule.restMethod() != null) {
        soft.assertThat(MethodPermissions.google().of(rule.restMethod()))
            .as("%s → %s in method-permissions.json", full, rule.restMethod())
            .isPresent();
      }
    }
    soft.assertAll();
  }

  private static boolean declares(Class<?> type, String name) {
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void restIds_followGooglesDiscoveryNames() {
    Map<String, String> expected =
        Map.of(
            "GetRepository", "artifactregistry.projects.locations.repositories.get",
            "ListTags", "artifactregistry.projects.locations.repositories.packages.tags.list",
            "GetIamPolicy", "artifactregistry.projects.locations.repositories.getIamPolicy",
            "TestIamPermissions",
                "artifactregistry.projects.locations.repositories.testIamPermissions",
            "GetVPCSCConfig", "artifactregistry.projects.locations.getVpcscConfig",
            "GetProjectSettings", "artifactregistry.projects.getProjectSettings",
            "GetFile", "artifactregistry.projects.locations.repositories.files.get",
            "GetDockerImage", "artifactregistry.projects.locations.repositories.dockerImages.get");
    var service = ArtifactRegistryGrpc.getServiceDescriptor();
    var proto =
        ((io.grpc.protobuf.ProtoServiceDescriptorSupplier) service.getSchemaDescriptor())
            .getServiceDescriptor();
    SoftAssertions soft = new SoftAssertions();
    expected.forEach(
        (method, rest) -> {
          var rule =
              proto.findMethodByName(method).getOptions().getExtension(AnnotationsProto.http);
          soft.assertThat(HttpRules.restMethod("artifactregistry.googleapis.com", rule))
              .as(method)
              .isEqualTo(rest);
          soft.assertThat(MethodPermissions.google().of(rest)).as(rest).isPresent();
        });
    soft.assertAll();
  }
}
