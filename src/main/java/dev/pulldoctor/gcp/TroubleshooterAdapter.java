package dev.pulldoctor.gcp;

import com.google.cloud.policytroubleshooter.iam.v3.AccessTuple;
import com.google.cloud.policytroubleshooter.iam.v3.AllowAccessState;
import com.google.cloud.policytroubleshooter.iam.v3.AllowBindingExplanation;
import com.google.cloud.policytroubleshooter.iam.v3.DenyAccessState;
import com.google.cloud.policytroubleshooter.iam.v3.DenyRuleExplanation;
import com.google.cloud.policytroubleshooter.iam.v3.ExplainedAllowPolicy;
import com.google.cloud.policytroubleshooter.iam.v3.ExplainedDenyPolicy;
import com.google.cloud.policytroubleshooter.iam.v3.ExplainedDenyResource;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterGrpc;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyRequest;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyResponse;
import dev.pulldoctor.diagnose.Levels;
import dev.pulldoctor.diagnose.Ports.Access;
import dev.pulldoctor.diagnose.Ports.Troubleshooter;
import dev.pulldoctor.diagnose.Ports.Troubleshooting;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Troubleshooter} over IAM Policy Troubleshooter v3: read-only, and the one method that sees
 * deny policies (https://cloud.google.com/policy-intelligence/docs/troubleshoot-access). Each
 * granting binding and denying rule names its level: the repository, the project, a folder, the
 * organization (the explained policy's full resource name).
 */
final class TroubleshooterAdapter implements Troubleshooter {
  private final GrpcApi api;

  TroubleshooterAdapter(GrpcApi api) {
    this.api = api;
  }

  @Override
  public Troubleshooting explain(String account, RepositoryRef repo) {
    String resource = "//artifactregistry.googleapis.com/" + repo.resourceName();
    TroubleshootIamPolicyResponse r;
    try {
      r =
          api.call(
              PolicyTroubleshooterGrpc.getTroubleshootIamPolicyMethod(),
              TroubleshootIamPolicyRequest.newBuilder()
                  .setAccessTuple(
                      AccessTuple.newBuilder()
                          .setPrincipal(account)
                          .setFullResourceName(resource)
                          .setPermission(RoleCatalog.DOWNLOAD))
                  .build());
    } catch (RuntimeException e) {
      throw GoogleErrors.translate(
          e,
          ApiPermission.POLICY_TROUBLESHOOTER_TROUBLESHOOT,
          "TroubleshootIamPolicy " + account + " on " + resource);
    }
    Access access =
        switch (r.getOverallAccessState()) {
          case CAN_ACCESS -> Access.GRANTED;
          case CANNOT_ACCESS -> Access.DENIED;
          default -> Access.UNKNOWN;
        };
    List<String> granting = new ArrayList<>();
    for (ExplainedAllowPolicy p : r.getAllowPolicyExplanation().getExplainedPoliciesList()) {
      for (AllowBindingExplanation b : p.getBindingExplanationsList()) {
        if (b.getAllowAccessState() == AllowAccessState.ALLOW_ACCESS_STATE_GRANTED) {
          granting.add(b.getRole() + " on " + Levels.on(p.getFullResourceName()));
        }
      }
    }
    List<String> denying = new ArrayList<>();
    List<String> attached = new ArrayList<>();
    for (ExplainedDenyResource res : r.getDenyPolicyExplanation().getExplainedResourcesList()) {
      for (ExplainedDenyPolicy p : res.getExplainedPoliciesList()) {
        int i = 0;
        for (DenyRuleExplanation rule : p.getRuleExplanationsList()) {
          if (rule.getDenyAccessState() == DenyAccessState.DENY_ACCESS_STATE_DENIED) {
            denying.add(
                (p.getPolicy().getName().isEmpty() ? "deny policy" : p.getPolicy().getName())
                    + " rule "
                    + i
                    + ", attached to "
                    + Levels.describe(res.getFullResourceName()));
            String level = Levels.relative(res.getFullResourceName());
            if (!attached.contains(level)) {
              attached.add(level);
            }
          }
          i++;
        }
      }
    }
    return new Troubleshooting(access, granting, denying, attached);
  }
}
