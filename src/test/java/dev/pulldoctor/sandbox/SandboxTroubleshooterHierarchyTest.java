package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.policytroubleshooter.iam.v3.AccessTuple;
import com.google.cloud.policytroubleshooter.iam.v3.AllowAccessState;
import com.google.cloud.policytroubleshooter.iam.v3.AllowBindingExplanation;
import com.google.cloud.policytroubleshooter.iam.v3.ConditionContext;
import com.google.cloud.policytroubleshooter.iam.v3.DenyAccessState;
import com.google.cloud.policytroubleshooter.iam.v3.ExplainedAllowPolicy;
import com.google.cloud.policytroubleshooter.iam.v3.ExplainedDenyResource;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterClient;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyRequest;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyResponse;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyResponse.OverallAccessState;
import com.google.protobuf.Timestamp;
import dev.pulldoctor.gcp.GaxClients;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Policy Troubleshooter v3 over the resource hierarchy and IAM Conditions, one row per world of
 * issue 14: which level grants or denies, and what each condition evaluated to.
 */
class SandboxTroubleshooterHierarchyTest {

  private static final String DOWNLOAD = "artifactregistry.repositories.downloadArtifacts";
  private static final String COMPUTE = "123456789012-compute@developer.gserviceaccount.com";
  private static final String REPO =
      "//artifactregistry.googleapis.com/projects/acme-prod-417/locations/us-central1/repositories/services";
  private static final String PROJECT =
      "//cloudresourcemanager.googleapis.com/projects/123456789012";
  private static final String FOLDER = "//cloudresourcemanager.googleapis.com/folders/8800";
  private static final String ORG = "//cloudresourcemanager.googleapis.com/organizations/4455";

  /** The worlds' {@code now}, 2026-11-21T09:15:00Z. */
  private static final Timestamp NOW = Timestamp.newBuilder().setSeconds(1795252500L).build();

  private static Sandbox sandbox;
  private static PolicyTroubleshooterClient troubleshooter;

  @BeforeAll
  static void start() throws Exception {
    sandbox = Sandbox.start(TestWorlds.load("grant-on-folder.json"));
    troubleshooter = GaxClients.sandbox(sandbox.endpoint()).policyTroubleshooter();
  }

  @AfterAll
  static void stop() {
    troubleshooter.close();
    sandbox.close();
  }

  private static TroubleshootIamPolicyResponse troubleshoot(String world, boolean withTime) {
    sandbox.load(TestWorlds.load(world));
    AccessTuple.Builder tuple =
        AccessTuple.newBuilder()
            .setPrincipal(COMPUTE)
            .setFullResourceName(REPO)
            .setPermission(DOWNLOAD);
    if (withTime) {
      tuple.setConditionContext(
          ConditionContext.newBuilder()
              .setRequest(ConditionContext.Request.newBuilder().setReceiveTime(NOW)));
    }
    return troubleshooter.troubleshootIamPolicy(
        TroubleshootIamPolicyRequest.newBuilder().setAccessTuple(tuple).build());
  }

  /** The level's allow state, by full resource name ("?" for one Pull Doctor may not read). */
  private static List<String> allowLevels(TroubleshootIamPolicyResponse r) {
    List<String> out = new ArrayList<>();
    for (ExplainedAllowPolicy p : r.getAllowPolicyExplanation().getExplainedPoliciesList()) {
      out.add(
          (p.getFullResourceName().isEmpty() ? "?" : p.getFullResourceName())
              + " "
              + p.getAllowAccessState().name().replace("ALLOW_ACCESS_STATE_", ""));
    }
    return out;
  }

  private static List<String> denyLevels(TroubleshootIamPolicyResponse r) {
    List<String> out = new ArrayList<>();
    for (ExplainedDenyResource p : r.getDenyPolicyExplanation().getExplainedResourcesList()) {
      out.add(
          (p.getFullResourceName().isEmpty() ? "?" : p.getFullResourceName())
              + " "
              + p.getDenyAccessState().name().replace("DENY_ACCESS_STATE_", ""));
    }
    return out;
  }

  @Test
  void eachWorld_isExplainedLevelByLevel() {
    record Row(
        String world,
        boolean withTime,
        OverallAccessState overall,
        List<String> allow,
        List<String> deny) {}
    List<String> notDenied =
        List.of(PROJECT + " NOT_DENIED", FOLDER + " NOT_DENIED", ORG + " NOT_DENIED");
    List<Row> rows =
        List.of(
            new Row(
                "grant-on-folder.json",
                true,
                OverallAccessState.CAN_ACCESS,
                List.of(
                    REPO + " NOT_GRANTED",
                    PROJECT + " NOT_GRANTED",
                    FOLDER + " GRANTED",
                    ORG + " NOT_GRANTED"),
                notDenied),
            new Row(
                "deny-on-organization.json",
                true,
                OverallAccessState.CANNOT_ACCESS,
                List.of(
                    REPO + " GRANTED",
                    PROJECT + " NOT_GRANTED",
                    FOLDER + " NOT_GRANTED",
                    ORG + " NOT_GRANTED"),
                List.of(PROJECT + " NOT_DENIED", FOLDER + " NOT_DENIED", ORG + " DENIED")),
            new Row(
                "condition-expired.json",
                true,
                OverallAccessState.CANNOT_ACCESS,
                List.of(
                    REPO + " NOT_GRANTED",
                    PROJECT + " NOT_GRANTED",
                    FOLDER + " NOT_GRANTED",
                    ORG + " NOT_GRANTED"),
                notDenied),
            new Row(
                "condition-holds.json",
                true,
                OverallAccessState.CAN_ACCESS,
                List.of(
                    REPO + " GRANTED",
                    PROJECT + " NOT_GRANTED",
                    FOLDER + " NOT_GRANTED",
                    ORG + " NOT_GRANTED"),
                notDenied),
            new Row(
                "condition-holds.json",
                false,
                OverallAccessState.UNKNOWN_CONDITIONAL,
                List.of(
                    REPO + " UNKNOWN_CONDITIONAL",
                    PROJECT + " NOT_GRANTED",
                    FOLDER + " NOT_GRANTED",
                    ORG + " NOT_GRANTED"),
                notDenied),
            // A resource-name condition needs no request time: the troubleshooter knows the
            // resource.
            new Row(
                "condition-other-repository.json",
                false,
                OverallAccessState.CANNOT_ACCESS,
                List.of(
                    REPO + " NOT_GRANTED",
                    PROJECT + " NOT_GRANTED",
                    FOLDER + " NOT_GRANTED",
                    ORG + " NOT_GRANTED"),
                notDenied),
            new Row(
                "pull-doctor-no-folder-read.json",
                true,
                OverallAccessState.UNKNOWN_INFO,
                List.of(
                    REPO + " NOT_GRANTED",
                    PROJECT + " NOT_GRANTED",
                    "? UNKNOWN_INFO",
                    "? UNKNOWN_INFO"),
                List.of(PROJECT + " NOT_DENIED", "? UNKNOWN_INFO", "? UNKNOWN_INFO")));
    List<String> wrong = new ArrayList<>();
    for (Row row : rows) {
      TroubleshootIamPolicyResponse r = troubleshoot(row.world(), row.withTime());
      String name = row.world() + (row.withTime() ? "" : " (no request time)");
      if (r.getOverallAccessState() != row.overall()) {
        wrong.add(name + ": overall " + r.getOverallAccessState());
      }
      if (!allowLevels(r).equals(row.allow())) {
        wrong.add(name + ": allow " + allowLevels(r));
      }
      if (!denyLevels(r).equals(row.deny())) {
        wrong.add(name + ": deny " + denyLevels(r));
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void aConditionalBinding_carriesItsConditionAndWhatItEvaluatedTo() {
    record Row(String world, boolean withTime, int level, String value) {}
    List<Row> rows =
        List.of(
            new Row("condition-expired.json", true, 0, "bool_value: false"),
            new Row("condition-holds.json", true, 0, "bool_value: true"),
            new Row("condition-holds.json", false, 0, "null_value: NULL_VALUE"),
            new Row("condition-other-repository.json", false, 1, "bool_value: false"));
    for (Row row : rows) {
      TroubleshootIamPolicyResponse r = troubleshoot(row.world(), row.withTime());
      AllowBindingExplanation conditional =
          r
              .getAllowPolicyExplanation()
              .getExplainedPolicies(row.level())
              .getBindingExplanationsList()
              .stream()
              .filter(AllowBindingExplanation::hasCondition)
              .findFirst()
              .orElseThrow();
      assertThat(conditional.getRole()).as(row.world()).isEqualTo("roles/artifactregistry.reader");
      assertThat(conditional.getCondition().getExpression()).as(row.world()).isNotEmpty();
      assertThat(conditional.getConditionExplanation().getValue().toString().strip())
          .as(row.world() + " with time " + row.withTime())
          .isEqualTo(row.value());
    }
    AllowBindingExplanation expired =
        troubleshoot("condition-expired.json", true)
            .getAllowPolicyExplanation()
            .getExplainedPolicies(0)
            .getBindingExplanations(0);
    assertThat(expired.getAllowAccessState())
        .isEqualTo(AllowAccessState.ALLOW_ACCESS_STATE_NOT_GRANTED);
    assertThat(expired.getCondition().getTitle()).isEqualTo("until June");
  }

  @Test
  void theDenyAtTheOrganization_isExplainedRuleByRule() {
    ExplainedDenyResource org =
        troubleshoot("deny-on-organization.json", true)
            .getDenyPolicyExplanation()
            .getExplainedResources(2);

    assertThat(org.getDenyAccessState()).isEqualTo(DenyAccessState.DENY_ACCESS_STATE_DENIED);
    assertThat(org.getExplainedPolicies(0).getPolicy().getName())
        .isEqualTo(
            "policies/cloudresourcemanager.googleapis.com%2Forganizations%2F4455/denypolicies/"
                + "sandbox-deny-policy");
    assertThat(org.getExplainedPolicies(0).getRuleExplanations(0).getDenyAccessState())
        .isEqualTo(DenyAccessState.DENY_ACCESS_STATE_DENIED);
  }
}
