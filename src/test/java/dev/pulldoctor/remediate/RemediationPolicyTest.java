package dev.pulldoctor.remediate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.diagnose.Advice;
import dev.pulldoctor.diagnose.Binding;
import dev.pulldoctor.diagnose.Condition;
import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.Evidence;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan alone (DESIGN.md §5): never an unconditional grant over a conditional binding. */
class RemediationPolicyTest {
  static final String NODE = "serviceAccount:123456789012-compute@developer.gserviceaccount.com";
  static final RepositoryRef REPO = new RepositoryRef("acme-prod-417", "us-central1", "services");
  static final RemediationPolicy APPLY =
      new RemediationPolicy(RemediationMode.APPLY, Set.of("acme-prod-417"));

  static Diagnosis diagnosis(RootCause cause, List<Binding> repositoryBindings) {
    Evidence e =
        new Evidence.Builder()
            .failureKind(FailureKind.PERMISSION_DENIED)
            .image(
                ImageReference.parse(
                    "us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2"))
            .cluster(new ClusterRef("acme-prod-417", "us-central1", "prod"))
            .nodePool("default-pool", "instance group")
            .nodeServiceAccount(NODE.substring("serviceAccount:".length()))
            .repository(REPO)
            .repositoryBindings(repositoryBindings)
            .now(Instant.parse("2026-11-21T09:15:00Z"))
            .build();
    PullFailure f =
        new PullFailure(
            "event",
            "uid",
            e.cluster(),
            "prod",
            "checkout-7d9c8b6f4-q2xnv",
            "pod-uid",
            "gke-prod-default-pool-a1b2c3d4-9xkz",
            e.image(),
            "Failed",
            "403 Forbidden",
            FailureKind.PERMISSION_DENIED,
            false,
            Instant.parse("2026-11-21T09:15:00Z"));
    return new Diagnosis(f, cause, e, Advice.of(cause, e, "prod", "checkout", null));
  }

  @Test
  void aConditionalBindingOfTheAccount_refusesTheGrant_sayingWhichAndWhy() {
    Binding writerUntilJune =
        new Binding(
            "roles/artifactregistry.writer",
            List.of(NODE),
            "repository services",
            new Condition("until June", "request.time < timestamp('2026-06-01T00:00:00Z')"));

    RemediationPlan plan =
        APPLY.plan(diagnosis(RootCause.NODE_SA_MISSING_READER, List.of(writerUntilJune)));

    assertThat(plan.refusedPlan()).isTrue();
    assertThat(plan.refusal())
        .isEqualTo(
            NODE
                + " holds roles/artifactregistry.writer on repository services if \"until June\""
                + " (request.time < timestamp('2026-06-01T00:00:00Z')): an unconditional grant"
                + " would widen what that condition limits; renew or correct the condition"
                + " instead.");
  }

  @Test
  void anExpiredGrant_isRefusedForItsCondition_notOnlyForItsCause() {
    Binding readerUntilJune =
        new Binding(
            "roles/artifactregistry.reader",
            List.of(NODE),
            "repository services",
            new Condition("until June", "request.time < timestamp('2026-06-01T00:00:00Z')"));

    RemediationPlan plan =
        APPLY.plan(diagnosis(RootCause.CONDITION_NOT_MET, List.of(readerUntilJune)));

    assertThat(plan.refusal()).contains("renew or correct the condition");
  }

  @Test
  void anotherAccountsConditionalBinding_doesNotStopTheGrant() {
    Binding other =
        new Binding(
            "roles/artifactregistry.reader",
            List.of("serviceAccount:ci@acme-ci.iam.gserviceaccount.com"),
            "repository services",
            new Condition("until June", "request.time < timestamp('2026-06-01T00:00:00Z')"));

    RemediationPlan plan = APPLY.plan(diagnosis(RootCause.NODE_SA_MISSING_READER, List.of(other)));

    assertThat(plan.refusedPlan()).isFalse();
    assertThat(plan.describe())
        .isEqualTo("grant roles/artifactregistry.reader on " + REPO.resourceName() + " to " + NODE);
  }
}
