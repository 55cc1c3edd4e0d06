package dev.pulldoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.diagnose.Evidence.AccessCheck;
import dev.pulldoctor.diagnose.Ports.Access;
import dev.pulldoctor.diagnose.Ports.AccountState;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decision rules alone, over hand-made evidence: one row per root cause and its edges. */
class DecisionRulesTest {
  static final String NODE = "123456789012-compute@developer.gserviceaccount.com";
  static final String OTHER_POOL = "batch-nodes@acme-prod-417.iam.gserviceaccount.com";
  static final String CI = "ci-builder@acme-ci.iam.gserviceaccount.com";

  /** The seed case: default pool, compute default account, access denied, no bindings. */
  static Evidence.Builder seed() {
    return new Evidence.Builder()
        .failureKind(FailureKind.PERMISSION_DENIED)
        .image(
            ImageReference.parse(
                "us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2"))
        .cluster(new ClusterRef("acme-prod-417", "us-central1", "prod"))
        .nodeName("gke-prod-default-pool-a1b2c3d4-9xkz")
        .nodePool("default-pool", "instance group")
        .nodeServiceAccount(NODE)
        .oauthScopes(List.of("https://www.googleapis.com/auth/cloud-platform"))
        .otherNodeAccounts(Set.of(OTHER_POOL))
        .accountState(AccountState.ENABLED)
        .repository(new RepositoryRef("acme-prod-417", "us-central1", "services"))
        .repositoryExists(true)
        .now(java.time.Instant.parse("2026-11-21T09:15:00Z"))
        .access(new AccessCheck("impersonate", Access.DENIED, "", List.of()))
        .repositoryBindings(List.of())
        .projectBindings(
            List.of(
                new Binding(
                    "roles/container.defaultNodeServiceAccount",
                    List.of("serviceAccount:" + NODE),
                    "project acme-prod-417")));
  }

  static final Condition UNTIL_JUNE =
      new Condition("until June", "request.time < timestamp('2026-06-01T00:00:00Z')");
  static final Condition UNTIL_2099 =
      new Condition("until 2099", "request.time < timestamp('2099-01-01T00:00:00Z')");

  static Binding conditional(Condition c) {
    return new Binding(
        "roles/artifactregistry.reader",
        List.of("serviceAccount:" + NODE),
        "repository services",
        c);
  }

  static Binding repoBinding(String role, String member) {
    return new Binding(role, List.of(member), "repository services");
  }

  static Arguments row(String name, RootCause expected, UnaryOperator<Evidence.Builder> change) {
    return Arguments.of(name, expected, change);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        row("no role at all", RootCause.NODE_SA_MISSING_READER, b -> b),
        row(
            "repository in another project",
            RootCause.CROSS_PROJECT_GRANT_MISSING,
            b -> b.repository(new RepositoryRef("acme-shared", "us-central1", "services"))),
        row(
            "reader bound to another pool's account",
            RootCause.GRANT_ON_OTHER_ACCOUNT,
            b ->
                b.repositoryBindings(
                    List.of(
                        repoBinding(
                            "roles/artifactregistry.reader", "serviceAccount:" + OTHER_POOL)))),
        row(
            "reader bound to an unrelated CI account is not another node account",
            RootCause.NODE_SA_MISSING_READER,
            b ->
                b.repositoryBindings(
                    List.of(repoBinding("roles/artifactregistry.reader", "serviceAccount:" + CI)))),
        row(
            "only storage roles",
            RootCause.LEGACY_GCR_PERMISSIONS,
            b ->
                b.projectBindings(
                    List.of(
                        new Binding(
                            "roles/storage.objectViewer",
                            List.of("serviceAccount:" + NODE),
                            "project acme-prod-417")))),
        row(
            "allowed by binding yet denied",
            RootCause.DENY_POLICY,
            b ->
                b.repositoryBindings(
                    List.of(
                        repoBinding("roles/artifactregistry.reader", "serviceAccount:" + NODE)))),
        row(
            "troubleshooter names a deny rule",
            RootCause.DENY_POLICY,
            b -> b.denyingRules(List.of("deny-pulls"))),
        row(
            "only an expired conditional grant",
            RootCause.CONDITION_NOT_MET,
            b -> b.repositoryBindings(List.of(conditional(UNTIL_JUNE)))),
        row(
            "only a conditional grant naming another repository",
            RootCause.CONDITION_NOT_MET,
            b ->
                b.projectBindings(
                    List.of(
                        new Binding(
                            "roles/artifactregistry.reader",
                            List.of("serviceAccount:" + NODE),
                            "project acme-prod-417",
                            new Condition(
                                "dev repositories",
                                "resource.name.startsWith("
                                    + "'projects/acme-prod-417/locations/us-central1/repositories/dev-')"))))),
        row(
            "a conditional grant whose condition cannot be evaluated proves nothing",
            RootCause.UNDETERMINED,
            b ->
                b.repositoryBindings(
                    List.of(
                        conditional(
                            new Condition("prod only", "resource.matchTag('4455/env', 'prod')"))))),
        row(
            "an expired and an undecided conditional grant prove nothing",
            RootCause.UNDETERMINED,
            b ->
                b.repositoryBindings(
                    List.of(
                        conditional(UNTIL_JUNE),
                        conditional(
                            new Condition("prod only", "resource.matchTag('4455/env', 'prod')"))))),
        row(
            "a conditional grant that holds, and the pull is allowed",
            RootCause.ACCESS_NOW_GRANTED,
            b -> b.access(granted()).repositoryBindings(List.of(conditional(UNTIL_2099)))),
        row(
            "a conditional grant that holds, yet the pull is refused",
            RootCause.DENY_POLICY,
            b -> b.repositoryBindings(List.of(conditional(UNTIL_2099)))),
        row(
            "a grant on a folder, yet the pull is refused",
            RootCause.DENY_POLICY,
            b ->
                b.ancestry(List.of("folders/8800", "organizations/4455"))
                    .hierarchyBindings(
                        List.of(
                            new Binding(
                                "roles/artifactregistry.reader",
                                List.of("serviceAccount:" + NODE),
                                "folder folders/8800")))),
        row(
            "an expired conditional grant on the organization",
            RootCause.CONDITION_NOT_MET,
            b ->
                b.ancestry(List.of("organizations/4455"))
                    .hierarchyBindings(
                        List.of(
                            new Binding(
                                "roles/artifactregistry.reader",
                                List.of("serviceAccount:" + NODE),
                                "organization organizations/4455",
                                UNTIL_JUNE)))),
        row(
            "refused, and Pull Doctor may not read a folder above the project",
            RootCause.INSPECTION_DENIED,
            b ->
                b.ancestry(List.of("folders/8800", "organizations/4455"))
                    .problem(
                        new Evidence.Problem(
                            "GetIamPolicy folders/8800",
                            InspectionFailure.Kind.PERMISSION_DENIED,
                            "resourcemanager.folders.getIamPolicy",
                            "roles/iam.securityReviewer",
                            "permission denied"))),
        row(
            "allowed, scopes too narrow",
            RootCause.MISSING_OAUTH_SCOPES,
            b ->
                b.access(granted())
                    .oauthScopes(List.of("https://www.googleapis.com/auth/logging.write"))),
        row(
            "allowed, devstorage.read_only scope is enough",
            RootCause.ACCESS_NOW_GRANTED,
            b ->
                b.access(granted())
                    .oauthScopes(List.of("https://www.googleapis.com/auth/devstorage.read_only"))),
        row(
            "allowed, tag missing",
            RootCause.IMAGE_NOT_FOUND,
            b -> b.access(granted()).versionExists(false)),
        row(
            "allowed, tag present",
            RootCause.ACCESS_NOW_GRANTED,
            b -> b.access(granted()).versionExists(true)),
        row(
            "account disabled",
            RootCause.NODE_SA_DISABLED,
            b -> b.accountState(AccountState.DISABLED)),
        row(
            "account deleted",
            RootCause.NODE_SA_NOT_FOUND,
            b -> b.accountState(AccountState.NOT_FOUND)),
        row("repository missing", RootCause.REPOSITORY_NOT_FOUND, b -> b.repositoryExists(false)),
        row(
            "repository in another location",
            RootCause.REPOSITORY_IN_OTHER_LOCATION,
            b ->
                b.repositoryExists(false)
                    .sameNameElsewhere(
                        List.of(new RepositoryRef("acme-prod-417", "europe-west1", "services")))),
        row(
            "registry API disabled",
            RootCause.API_DISABLED,
            b -> b.registryApiDisabled(true).repositoryExists(null)),
        row(
            "perimeter in the message",
            RootCause.VPC_SERVICE_CONTROLS,
            b -> b.failureKind(FailureKind.VPC_SERVICE_CONTROLS)),
        row(
            "Pull Doctor may not read the cluster",
            RootCause.INSPECTION_DENIED,
            b -> b.nodePool(null, "denied").nodeServiceAccount(null).problem(denied())),
        row(
            "Pull Doctor may not answer the access question",
            RootCause.INSPECTION_DENIED,
            b ->
                b.access(new AccessCheck("policy", Access.UNKNOWN, "", List.of()))
                    .problem(denied())),
        row(
            "node not in any pool, nothing denied",
            RootCause.UNDETERMINED,
            b -> b.nodePool(null, "no group matches").nodeServiceAccount(null)),
        row(
            "image from Docker Hub",
            RootCause.UNDETERMINED,
            b -> b.image(ImageReference.parse("nginx:1.25"))));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("rows")
  void decide_provesTheRootCause(
      String name, RootCause expected, UnaryOperator<Evidence.Builder> change) {
    Evidence evidence = change.apply(seed()).build();
    assertThat(DecisionRules.decide(evidence, RoleCatalog.predefined())).isEqualTo(expected);
  }

  static AccessCheck granted() {
    return new AccessCheck("impersonate", Access.GRANTED, "", List.of());
  }

  static Evidence.Problem denied() {
    return new Evidence.Problem(
        "GetCluster projects/acme-prod-417/locations/us-central1/clusters/prod",
        InspectionFailure.Kind.PERMISSION_DENIED,
        "container.clusters.get",
        "roles/container.clusterViewer",
        "permission denied");
  }
}
