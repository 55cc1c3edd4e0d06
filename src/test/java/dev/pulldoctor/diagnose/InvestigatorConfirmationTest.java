package dev.pulldoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.diagnose.Ports.Access;
import dev.pulldoctor.diagnose.Ports.AccountState;
import dev.pulldoctor.diagnose.Ports.Troubleshooter;
import dev.pulldoctor.diagnose.Ports.Troubleshooting;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A GRANTED from testIamPermissions that contradicts the node's 403 is put to the troubleshooter,
 * and both answers are in the evidence (DESIGN.md §3). Hand-written fakes of the ports.
 */
class InvestigatorConfirmationTest {
  static final String NODE = "123456789012-compute@developer.gserviceaccount.com";
  static final ClusterRef CLUSTER = new ClusterRef("acme-prod-417", "us-central1", "prod");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T09:15:00Z"), ZoneOffset.UTC);

  final AtomicInteger troubleshooterCalls = new AtomicInteger();

  Investigator investigator(Troubleshooter troubleshooter) {
    Ports.ClusterDirectory clusters =
        ref ->
            new ClusterInfo(
                ref,
                false,
                List.of(
                    new ClusterInfo.NodePoolInfo(
                        "default-pool",
                        "default",
                        List.of("https://www.googleapis.com/auth/cloud-platform"),
                        List.of(
                            "https://www.googleapis.com/compute/v1/projects/acme-prod-417/zones/"
                                + "us-central1-a/instanceGroupManagers/"
                                + "gke-prod-default-pool-a1b2c3d4-grp"))));
    Ports.ProjectDirectory projects =
        new Ports.ProjectDirectory() {
          @Override
          public String projectNumber(String projectId) {
            return "123456789012";
          }

          @Override
          public List<Binding> iamPolicy(String projectId) {
            return List.of();
          }
        };
    Ports.RegistryDirectory registry =
        new Ports.RegistryDirectory() {
          @Override
          public Optional<RepositoryInfo> repository(RepositoryRef repository) {
            return Optional.of(RepositoryInfo.standard(repository));
          }

          @Override
          public List<RepositoryRef> sameNameElsewhere(RepositoryRef repository) {
            return List.of();
          }

          @Override
          public Ports.Version version(RepositoryRef repository, String image, String version) {
            return new Ports.Version(true, "sha256:" + "0".repeat(64), null);
          }

          @Override
          public List<Binding> iamPolicy(RepositoryRef repository) {
            return List.of(
                new Binding(
                    "roles/artifactregistry.reader",
                    List.of("serviceAccount:" + NODE),
                    "repository services"));
          }
        };
    Troubleshooter counted =
        (account, repo) -> {
          troubleshooterCalls.incrementAndGet();
          return troubleshooter.explain(account, repo);
        };
    return new Investigator(
        new Investigator.Directories(
            clusters,
            projects,
            registry,
            email -> AccountState.ENABLED,
            (account, repo) -> true,
            counted,
            null),
        Investigator.Method.AUTO,
        Runnable::run,
        RoleCatalog.predefined(),
        null,
        CLOCK);
  }

  static PullFailure failure(FailureKind kind) {
    return new PullFailure(
        "event-1",
        "uid-1",
        CLUSTER,
        "prod",
        "checkout-7d9c8b6f4-q2xnv",
        "pod-uid",
        "gke-prod-default-pool-a1b2c3d4-9xkz",
        ImageReference.parse("us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2"),
        "Failed",
        "403 Forbidden",
        kind,
        false,
        CLOCK.instant());
  }

  @Test
  void grantedAgainstA403_theTroubleshootersDenialWins_andBothAnswersAreKept() {
    Diagnosis d =
        investigator(
                (account, repo) ->
                    new Troubleshooting(
                        Access.DENIED,
                        List.of("roles/artifactregistry.reader on repository services"),
                        List.of(
                            "policies/no-pulls rule 0, attached to the organization"
                                + " organizations/4455"),
                        List.of("organizations/4455")))
            .investigate(failure(FailureKind.PERMISSION_DENIED));

    assertThat(d.rootCause()).isEqualTo(RootCause.DENY_POLICY);
    assertThat(d.evidence().access().method()).isEqualTo("troubleshooter");
    assertThat(d.evidence().access().answer()).isEqualTo(Access.DENIED);
    assertThat(d.evidence().access().fallbacks())
        .containsExactly(
            "impersonate: GRANTED (testIamPermissions as "
                + NODE
                + " on projects/acme-prod-417/locations/us-central1/repositories/services includes"
                + " artifactregistry.repositories.downloadArtifacts), against the node's 403");
    assertThat(d.evidence().denyAttachedTo()).containsExactly("organizations/4455");
  }

  @Test
  void grantedAgainstA403_confirmedByTheTroubleshooter_isAccessNowGranted() {
    Diagnosis d =
        investigator(
                (account, repo) ->
                    new Troubleshooting(
                        Access.GRANTED,
                        List.of("roles/artifactregistry.reader on repository services"),
                        List.of()))
            .investigate(failure(FailureKind.PERMISSION_DENIED));

    assertThat(d.rootCause()).isEqualTo(RootCause.ACCESS_NOW_GRANTED);
    assertThat(d.evidence().access().method()).isEqualTo("impersonate");
    assertThat(d.evidence().access().detail())
        .endsWith(
            "; the troubleshooter confirms: overall access GRANTED, granted by"
                + " roles/artifactregistry.reader on repository services");
  }

  @Test
  void grantedAgainstA403_whenPullDoctorMayNotAskTheTroubleshooter_standsAndSaysSo() {
    Diagnosis d =
        investigator(
                (account, repo) -> {
                  throw new InspectionFailure(
                      InspectionFailure.Kind.PERMISSION_DENIED,
                      "TroubleshootIamPolicy",
                      null,
                      "roles/iam.securityReviewer",
                      "denied");
                })
            .investigate(failure(FailureKind.PERMISSION_DENIED));

    assertThat(d.rootCause()).isEqualTo(RootCause.ACCESS_NOW_GRANTED);
    assertThat(d.evidence().access().detail())
        .contains("; the troubleshooter could not confirm it: TroubleshootIamPolicy: denied");
  }

  @Test
  void grantedWithoutA403_isNotPutToTheTroubleshooter() {
    Diagnosis d =
        investigator((account, repo) -> new Troubleshooting(Access.DENIED, List.of(), List.of()))
            .investigate(failure(FailureKind.NOT_FOUND));

    assertThat(troubleshooterCalls).hasValue(0);
    assertThat(d.evidence().access().answer()).isEqualTo(Access.GRANTED);
  }
}
