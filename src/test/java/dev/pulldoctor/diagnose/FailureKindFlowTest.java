package dev.pulldoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.FailureKind;
import dev.pulldoctor.domain.ImageReference;
import dev.pulldoctor.domain.PullAttempt;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RootCause;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every {@link FailureKind}, the 2025 ones included, goes through the decision, the advice and the
 * finding's view: the message's kind is carried, and the evidence decides the root cause.
 */
class FailureKindFlowTest {
  private static final String IMAGE =
      "us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2";

  @ParameterizedTest
  @EnumSource(FailureKind.class)
  void everyKind_isCarriedIntoTheFinding_andTheEvidenceDecidesTheRootCause(FailureKind kind) {
    Evidence evidence = DecisionRulesTest.seed().failureKind(kind).build();
    RootCause cause = DecisionRules.decide(evidence, RoleCatalog.predefined());
    PullFailure failure =
        new PullFailure(
            "e-" + kind,
            null,
            new ClusterRef("acme-prod-417", "us-central1", "prod"),
            "prod",
            "checkout-7d9c8b6f4-q2xnv",
            null,
            "gke-prod-default-pool-a1b2c3d4-9xkz",
            ImageReference.parse(IMAGE),
            "Failed",
            "Failed to pull image \"" + IMAGE + "\": …",
            kind,
            false,
            Instant.parse("2026-11-20T14:02:10Z"),
            false,
            List.of(new PullAttempt(FailureKind.UNAUTHORIZED, "token-unauthorized", "401")),
            null);
    Diagnosis d =
        new Diagnosis(
            failure,
            cause,
            evidence,
            Advice.of(cause, evidence, failure.namespace(), failure.pod(), "pd@acme-ops.iam"));

    assertThat(cause)
        .isEqualTo(
            kind == FailureKind.VPC_SERVICE_CONTROLS
                ? RootCause.VPC_SERVICE_CONTROLS
                : RootCause.NODE_SA_MISSING_READER);
    Map<String, Object> view = DiagnosisView.of(d);
    assertThat(view.get("failureKind")).isEqualTo(kind.name());
    assertThat(view.get("rootCause")).isEqualTo(cause.name());
    @SuppressWarnings("unchecked")
    Map<String, Object> shown = (Map<String, Object>) view.get("evidence");
    assertThat(shown.get("pullSecretAnswers"))
        .isEqualTo(
            List.of(
                Map.of(
                    "failureKind",
                    "UNAUTHORIZED",
                    "rule",
                    "token-unauthorized",
                    "message",
                    "401")));
  }
}
