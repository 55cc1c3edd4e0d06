package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.policytroubleshooter.iam.v3.AccessTuple;
import com.google.cloud.policytroubleshooter.iam.v3.AllowAccessState;
import com.google.cloud.policytroubleshooter.iam.v3.AllowBindingExplanation;
import com.google.cloud.policytroubleshooter.iam.v3.DenyAccessState;
import com.google.cloud.policytroubleshooter.iam.v3.DenyRuleExplanation;
import com.google.cloud.policytroubleshooter.iam.v3.ExplainedAllowPolicy;
import com.google.cloud.policytroubleshooter.iam.v3.MembershipMatchingState;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterClient;
import com.google.cloud.policytroubleshooter.iam.v3.RolePermissionInclusionState;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyRequest;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyResponse;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyResponse.OverallAccessState;
import dev.pulldoctor.gcp.GaxClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Policy Troubleshooter v3: allow bindings and deny rules explained, within what the caller may
 * read.
 */
class SandboxTroubleshooterTest {

  private static final String DOWNLOAD = "artifactregistry.repositories.downloadArtifacts";

  private static Sandbox sandbox;
  private static PolicyTroubleshooterClient troubleshooter;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(TestWorlds.load("troubleshooter-world.json"));
    troubleshooter = GaxClients.sandbox(sandbox.endpoint()).policyTroubleshooter();
  }

  @AfterAll
  static void stop() {
    troubleshooter.close();
    sandbox.close();
  }

  private static TroubleshootIamPolicyResponse troubleshoot(
      String principal, String project, String repo) {
    return troubleshooter.troubleshootIamPolicy(
        TroubleshootIamPolicyRequest.newBuilder()
            .setAccessTuple(
                AccessTuple.newBuilder()
                    .setPrincipal(principal)
                    .setFullResourceName(
                        "//artifactregistry.googleapis.com/projects/"
                            + project
                            + "/locations/us-central1/repositories/"
                            + repo)
                    .setPermission(DOWNLOAD))
            .build());
  }

  @Test
  void explainsTheGrantingBinding_andTheDenyRuleThatWins() {
    TroubleshootIamPolicyResponse r =
        troubleshoot(
            "222222222222-compute@developer.gserviceaccount.com", "acme-locked-419", "services");

    assertThat(r.getOverallAccessState()).isEqualTo(OverallAccessState.CANNOT_ACCESS);
    assertThat(r.getAccessTuple().getPermissionFqdn())
        .isEqualTo("artifactregistry.googleapis.com/repositories.downloadArtifacts");

    assertThat(r.getAllowPolicyExplanation().getAllowAccessState())
        .isEqualTo(AllowAccessState.ALLOW_ACCESS_STATE_GRANTED);
    ExplainedAllowPolicy repoPolicy = r.getAllowPolicyExplanation().getExplainedPolicies(0);
    assertThat(repoPolicy.getFullResourceName())
        .isEqualTo(
            "//artifactregistry.googleapis.com/projects/acme-locked-419/locations/us-central1/repositories/services");
    AllowBindingExplanation reader = repoPolicy.getBindingExplanations(0);
    assertThat(reader.getRole()).isEqualTo("roles/artifactregistry.reader");
    assertThat(reader.getRolePermission())
        .isEqualTo(RolePermissionInclusionState.ROLE_PERMISSION_INCLUDED);
    assertThat(reader.getCombinedMembership().getMembership())
        .isEqualTo(MembershipMatchingState.MEMBERSHIP_MATCHED);
    assertThat(reader.getAllowAccessState()).isEqualTo(AllowAccessState.ALLOW_ACCESS_STATE_GRANTED);
    AllowBindingExplanation writer = repoPolicy.getBindingExplanations(1);
    assertThat(writer.getCombinedMembership().getMembership())
        .isEqualTo(MembershipMatchingState.MEMBERSHIP_NOT_MATCHED);
    ExplainedAllowPolicy projectPolicy = r.getAllowPolicyExplanation().getExplainedPolicies(1);
    assertThat(projectPolicy.getFullResourceName())
        .isEqualTo("//cloudresourcemanager.googleapis.com/projects/222222222222");
    assertThat(projectPolicy.getBindingExplanationsList())
        .extracting(AllowBindingExplanation::getRolePermission)
        .containsExactly(
            RolePermissionInclusionState.ROLE_PERMISSION_INCLUDED, // viewer has it
            RolePermissionInclusionState
                .ROLE_PERMISSION_NOT_INCLUDED); // defaultNodeServiceAccount has not

    assertThat(r.getDenyPolicyExplanation().getDenyAccessState())
        .isEqualTo(DenyAccessState.DENY_ACCESS_STATE_DENIED);
    DenyRuleExplanation rule =
        r.getDenyPolicyExplanation()
            .getExplainedResources(0)
            .getExplainedPolicies(0)
            .getRuleExplanations(0);
    assertThat(rule.getDenyAccessState()).isEqualTo(DenyAccessState.DENY_ACCESS_STATE_DENIED);
    assertThat(rule.getCombinedDeniedPrincipal().getMembership())
        .isEqualTo(MembershipMatchingState.MEMBERSHIP_MATCHED);
  }

  @Test
  void anotherAccountsWriterGrant_isAccess_andAStrangerHasNone_whenNoDenyRuleNamesThem() {
    TroubleshootIamPolicyResponse r =
        troubleshoot(
            "ci-builder@acme-locked-419.iam.gserviceaccount.com", "acme-locked-419", "services");

    // The writer role it holds includes downloadArtifacts: the deny rule names another account.
    assertThat(r.getOverallAccessState()).isEqualTo(OverallAccessState.CAN_ACCESS);
    TroubleshootIamPolicyResponse stranger =
        troubleshoot("someone@example.com", "acme-locked-419", "services");
    assertThat(stranger.getOverallAccessState()).isEqualTo(OverallAccessState.CANNOT_ACCESS);
    assertThat(stranger.getDenyPolicyExplanation().getDenyAccessState())
        .isEqualTo(DenyAccessState.DENY_ACCESS_STATE_NOT_DENIED);
  }

  @Test
  void aCallerWhoMayNotReadDenyPolicies_learnsTheAllowSideOnly() {
    // iam.securityReviewer lists deny policies but may not get them.
    TroubleshootIamPolicyResponse granted =
        troubleshoot(
            "555555555555-compute@developer.gserviceaccount.com", "acme-review-422", "services");
    TroubleshootIamPolicyResponse notGranted =
        troubleshoot(
            "555555555555-compute@developer.gserviceaccount.com", "acme-review-422", "empty");

    assertThat(granted.getAllowPolicyExplanation().getAllowAccessState())
        .isEqualTo(AllowAccessState.ALLOW_ACCESS_STATE_GRANTED);
    assertThat(granted.getDenyPolicyExplanation().getDenyAccessState())
        .isEqualTo(DenyAccessState.DENY_ACCESS_STATE_UNKNOWN_INFO);
    assertThat(granted.getOverallAccessState()).isEqualTo(OverallAccessState.UNKNOWN_INFO);
    assertThat(notGranted.getOverallAccessState()).isEqualTo(OverallAccessState.CANNOT_ACCESS);
  }

  @Test
  void aCallerWhoMayReadNoPolicy_getsThemUnexplained() {
    TroubleshootIamPolicyResponse r =
        troubleshoot(
            "666666666666-compute@developer.gserviceaccount.com", "acme-dark-423", "services");

    assertThat(r.getOverallAccessState()).isEqualTo(OverallAccessState.UNKNOWN_INFO);
    assertThat(r.getAllowPolicyExplanation().getExplainedPoliciesList())
        .allSatisfy(
            p -> {
              assertThat(p.getAllowAccessState())
                  .isEqualTo(AllowAccessState.ALLOW_ACCESS_STATE_UNKNOWN_INFO);
              assertThat(p.getFullResourceName()).isEmpty();
              assertThat(p.getBindingExplanationsList()).isEmpty();
            });
  }

  @Test
  void aMissingRepository_isNotFound_andAPrefixedPrincipalIsInvalid() {
    ApiException missing =
        catchThrowableOfType(
            ApiException.class,
            () -> troubleshoot("someone@example.com", "acme-locked-419", "nope"));
    ApiException prefixed =
        catchThrowableOfType(
            ApiException.class,
            () ->
                troubleshoot(
                    "serviceAccount:x@acme-locked-419.iam.gserviceaccount.com",
                    "acme-locked-419",
                    "services"));

    assertThat(missing.getStatusCode().getCode()).isEqualTo(StatusCode.Code.NOT_FOUND);
    assertThat(prefixed.getStatusCode().getCode()).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
  }
}
