package dev.pulldoctor.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.SharedSandbox;
import dev.pulldoctor.diagnose.DiagnosisView;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.diagnose.Investigator.Method;
import dev.pulldoctor.domain.RootCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The audit names the same root causes as the diagnosis, world by world (the worlds of
 * InvestigatorScenarioTest): one decision table, whichever way a pair is asked about.
 */
class AuditScenarioTest {
  static final String PROD = "acme-prod-417/us-central1/prod";
  static final String SERVICES = "acme-prod-417/us-central1/services";

  @ParameterizedTest(name = "{0}: {2} -> {3}")
  @CsvSource({
    "missing-reader,             default-pool, " + SERVICES + ",  NODE_SA_MISSING_READER",
    "cross-project,              default-pool, acme-shared/us-central1/base,"
        + " CROSS_PROJECT_GRANT_MISSING",
    "grant-on-other-account,     default-pool, " + SERVICES + ",  GRANT_ON_OTHER_ACCOUNT",
    "grant-on-other-account,     batch,        " + SERVICES + ",  ACCESS_NOW_GRANTED",
    "legacy-gcr,                 default-pool, acme-prod-417/us/gcr.io, LEGACY_GCR_PERMISSIONS",
    "deny-policy,                default-pool, " + SERVICES + ",  DENY_POLICY",
    "narrow-scopes,              default-pool, " + SERVICES + ",  MISSING_OAUTH_SCOPES",
    "account-disabled,           default-pool, " + SERVICES + ",  NODE_SA_DISABLED",
    "account-deleted,            default-pool, " + SERVICES + ",  NODE_SA_NOT_FOUND",
    "repository-missing,         default-pool, " + SERVICES + ",  REPOSITORY_NOT_FOUND",
    "repository-other-location,  default-pool, " + SERVICES + ",  REPOSITORY_IN_OTHER_LOCATION",
    "registry-api-disabled,      default-pool, " + SERVICES + ",  API_DISABLED",
    "access-granted,             default-pool, " + SERVICES + ",  ACCESS_NOW_GRANTED",
    // The hierarchy and conditions reach the audit through the one investigation.
    "condition-expired,          default-pool, " + SERVICES + ",  CONDITION_NOT_MET",
    "condition-other-repository, default-pool, " + SERVICES + ",  CONDITION_NOT_MET",
    "condition-holds,            default-pool, " + SERVICES + ",  ACCESS_NOW_GRANTED",
    "deny-on-organization,       default-pool, " + SERVICES + ",  DENY_POLICY",
    "grant-on-folder,            default-pool, " + SERVICES + ",  ACCESS_NOW_GRANTED",
    "pull-doctor-no-folder-read, default-pool, " + SERVICES + ",  INSPECTION_DENIED",
    // Issue 15: a pair that IAM lets pull from a remote, virtual or CMEK repository is fine only
    // when the repository's own set-up is; the audit names what is not.
    "remote-upstream-blocked,    default-pool, " + SERVICES + ",  REMOTE_UPSTREAM_BLOCKED",
    "remote-credential-disabled, default-pool, " + SERVICES + ",  REMOTE_UPSTREAM_CREDENTIALS",
    "remote-agent-denied,        default-pool, " + SERVICES + ",  REMOTE_UPSTREAM_CREDENTIALS",
    "virtual-upstream-denied,    default-pool, " + SERVICES + ",  VIRTUAL_UPSTREAM_DENIED",
    "cmek-key-disabled,          default-pool, " + SERVICES + ",  CMEK_KEY_UNUSABLE",
    "cmek-agent-denied,          default-pool, " + SERVICES + ",  CMEK_KEY_UNUSABLE",
    "remote-vpcsc-unreadable,    default-pool, " + SERVICES + ",  INSPECTION_DENIED",
    // Near misses: the node's own access first; an upstream's answer is not the audit's to see.
    "remote-blocked-node-denied, default-pool, " + SERVICES + ",  NODE_SA_MISSING_READER",
    "remote-node-denied,         default-pool, " + SERVICES + ",  NODE_SA_MISSING_READER",
    "cmek-usable-node-denied,    default-pool, " + SERVICES + ",  NODE_SA_MISSING_READER",
    "remote-upstream-failed,     default-pool, " + SERVICES + ",  ACCESS_NOW_GRANTED",
    "remote-vpcsc-allowed-upstream-failed, default-pool, " + SERVICES + ", ACCESS_NOW_GRANTED",
  })
  void audit_namesTheRootCauseTheDiagnosisNames(
      String world, String pool, String repository, RootCause cause) {
    SharedSandbox.load("worlds/" + world + ".json");
    AuditReport report =
        Audits.run(SharedSandbox.clients(), Audits.cluster(PROD, repository), Method.AUTO);

    AuditRow row = Audits.row(report, PROD, pool, repository);
    assertThat(row.rootCause())
        .as("%s; evidence %s", row.advice().summary(), DiagnosisView.evidence(row.evidence()))
        .isEqualTo(cause);
    assertThat(row.canPull()).isEqualTo(cause == RootCause.ACCESS_NOW_GRANTED);
    assertThat(row.advice().summary()).isNotBlank();
  }

  @Test
  void aFailingPair_getsTheAdviceOfItsRootCause() {
    SharedSandbox.load("worlds/missing-reader.json");
    AuditRow row =
        Audits.row(
            Audits.run(SharedSandbox.clients(), Audits.cluster(PROD, SERVICES), Method.AUTO),
            PROD,
            "default-pool",
            SERVICES);

    assertThat(row.advice().commands())
        .containsExactly(
            "gcloud artifacts repositories"
                + " add-iam-policy-binding services --location us-central1 --project acme-prod-417"
                + " --member=serviceAccount:123456789012-compute@developer.gserviceaccount.com"
                + " --role=roles/artifactregistry.reader");
  }

  @Test
  void pullDoctorDeniedTheCluster_failsTheAudit_namingPermissionAndRole() {
    SharedSandbox.load("worlds/pull-doctor-unprivileged.json");

    assertThatThrownBy(
            () -> Audits.run(SharedSandbox.clients(), Audits.cluster(PROD, SERVICES), Method.AUTO))
        .isInstanceOfSatisfying(
            InspectionFailure.class,
            f -> {
              assertThat(f.kind()).isEqualTo(InspectionFailure.Kind.PERMISSION_DENIED);
              assertThat(f.role()).isEqualTo("roles/container.clusterViewer");
            });
  }

  @Test
  void aPoolWhoseAccountCannotBeTold_isInspectionDenied() {
    var sandbox = SharedSandbox.load("worlds/missing-reader.json");
    sandbox.faults().fail("Projects/GetProject", io.grpc.Status.Code.PERMISSION_DENIED, -1);

    AuditRow row =
        Audits.row(
            Audits.run(SharedSandbox.clients(), Audits.cluster(PROD, SERVICES), Method.AUTO),
            PROD,
            "default-pool",
            SERVICES);

    assertThat(row.serviceAccount()).isNull();
    assertThat(row.rootCause()).isEqualTo(RootCause.INSPECTION_DENIED);
    assertThat(row.advice().summary()).contains("resourcemanager.projects.get");
  }
}
