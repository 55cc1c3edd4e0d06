package dev.pulldoctor.sandbox;

import com.google.cloud.policytroubleshooter.iam.v3.AccessTuple;
import com.google.cloud.policytroubleshooter.iam.v3.AllowAccessState;
import com.google.cloud.policytroubleshooter.iam.v3.AllowBindingExplanation;
import com.google.cloud.policytroubleshooter.iam.v3.AllowBindingExplanation.AnnotatedAllowMembership;
import com.google.cloud.policytroubleshooter.iam.v3.AllowPolicyExplanation;
import com.google.cloud.policytroubleshooter.iam.v3.ConditionExplanation;
import com.google.cloud.policytroubleshooter.iam.v3.DenyAccessState;
import com.google.cloud.policytroubleshooter.iam.v3.DenyPolicyExplanation;
import com.google.cloud.policytroubleshooter.iam.v3.DenyRuleExplanation;
import com.google.cloud.policytroubleshooter.iam.v3.DenyRuleExplanation.AnnotatedDenyPrincipalMatching;
import com.google.cloud.policytroubleshooter.iam.v3.DenyRuleExplanation.AnnotatedPermissionMatching;
import com.google.cloud.policytroubleshooter.iam.v3.ExplainedAllowPolicy;
import com.google.cloud.policytroubleshooter.iam.v3.ExplainedDenyPolicy;
import com.google.cloud.policytroubleshooter.iam.v3.ExplainedDenyResource;
import com.google.cloud.policytroubleshooter.iam.v3.HeuristicRelevance;
import com.google.cloud.policytroubleshooter.iam.v3.MembershipMatchingState;
import com.google.cloud.policytroubleshooter.iam.v3.PermissionPatternMatchingState;
import com.google.cloud.policytroubleshooter.iam.v3.PolicyTroubleshooterGrpc;
import com.google.cloud.policytroubleshooter.iam.v3.RolePermissionInclusionState;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyRequest;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyResponse;
import com.google.cloud.policytroubleshooter.iam.v3.TroubleshootIamPolicyResponse.OverallAccessState;
import com.google.protobuf.NullValue;
import com.google.protobuf.Value;
import com.google.type.Expr;
import dev.pulldoctor.gcp.ApiPermission;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Policy Troubleshooter v3 (IAM): whether a principal holds a permission on a repository, a service
 * account or a project, with the allow bindings and deny rules that decide it.
 *
 * <p>It explains only the policies the caller may read — {@code *.getIamPolicy} for allow policies,
 * {@code iam.denypolicies.get} and {@code .list} for deny policies — and reports the others as
 * {@code UNKNOWN_INFO}, as Google does
 * (https://cloud.google.com/policy-intelligence/docs/troubleshoot-access#required-permissions).
 */
final class TroubleshooterService extends PolicyTroubleshooterGrpc.PolicyTroubleshooterImplBase {

  private static final String SERVICE = ApiPermission.POLICY_TROUBLESHOOTER_TROUBLESHOOT.service();
  // The troubleshooter checks no permission of its own; it explains only the policies its caller
  // may read, with the permissions Google's map gives those reads
  // (https://cloud.google.com/policy-intelligence/docs/troubleshoot-access#required-permissions).
  private static final String READ_REPOSITORY_POLICY =
      Access.permissionOf("artifactregistry.projects.locations.repositories.getIamPolicy");
  private static final String READ_PROJECT_POLICY =
      Access.permissionOf("cloudresourcemanager.projects.getIamPolicy");
  private static final String LIST_DENY = Access.permissionOf("iam.policies.listPolicies");
  private static final String GET_DENY = Access.permissionOf("iam.policies.get");
  private static final String READ_ACCOUNT_POLICY =
      Access.permissionOf("iam.projects.serviceAccounts.getIamPolicy");

  private final Access access;

  TroubleshooterService(Access access) {
    this.access = access;
  }

  @Override
  public void troubleshootIamPolicy(
      TroubleshootIamPolicyRequest request, StreamObserver<TroubleshootIamPolicyResponse> out) {
    Access.answer(
        out,
        () -> {
          access.requireConsumerEnabled(SERVICE);
          AccessTuple tuple = request.getAccessTuple();
          if (tuple.getPrincipal().isEmpty() || tuple.getPrincipal().contains(":")) {
            throw Errors.invalid(
                "access_tuple.principal must be the email of a Google Account or a"
                    + " service account.");
          }
          if (!tuple
              .getPermission()
              .matches("[a-zA-Z0-9.-]+(\\.googleapis\\.com/)?[A-Za-z0-9.]+")) {
            throw Errors.invalid(
                "access_tuple.permission is not a permission: " + tuple.getPermission());
          }
          Principal principal = Principal.ofEmail(tuple.getPrincipal());
          String permission = Iam.v1Permission(tuple.getPermission());
          PolicyKey target = target(tuple.getFullResourceName());

          Condition.Facts facts = facts(target, tuple);
          AllowPolicyExplanation allow = explainAllow(principal, target, permission, facts);
          DenyPolicyExplanation deny = explainDeny(principal, target, permission);
          OverallAccessState overall =
              overall(allow.getAllowAccessState(), deny.getDenyAccessState());
          return TroubleshootIamPolicyResponse.newBuilder()
              .setOverallAccessState(overall)
              .setAccessTuple(tuple.toBuilder().setPermissionFqdn(Iam.v2Permission(permission)))
              .setAllowPolicyExplanation(
                  allow.toBuilder()
                      .setRelevance(
                          relevance(
                              overall == OverallAccessState.CAN_ACCESS
                                  || allow.getAllowAccessState()
                                      == AllowAccessState.ALLOW_ACCESS_STATE_NOT_GRANTED)))
              .setDenyPolicyExplanation(
                  deny.toBuilder()
                      .setRelevance(
                          relevance(
                              deny.getDenyAccessState()
                                  == DenyAccessState.DENY_ACCESS_STATE_DENIED)))
              .build();
        });
  }

  /**
   * Deny wins; an allow that is not granted decides; a condition the caller gave no context for
   * leaves it UNKNOWN_CONDITIONAL; otherwise the caller could not see enough.
   */
  static OverallAccessState overall(AllowAccessState allow, DenyAccessState deny) {
    if (deny == DenyAccessState.DENY_ACCESS_STATE_DENIED
        || allow == AllowAccessState.ALLOW_ACCESS_STATE_NOT_GRANTED) {
      return OverallAccessState.CANNOT_ACCESS;
    }
    if (allow == AllowAccessState.ALLOW_ACCESS_STATE_GRANTED
        && deny == DenyAccessState.DENY_ACCESS_STATE_NOT_DENIED) {
      return OverallAccessState.CAN_ACCESS;
    }
    if (allow == AllowAccessState.ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL
        && deny == DenyAccessState.DENY_ACCESS_STATE_NOT_DENIED) {
      return OverallAccessState.UNKNOWN_CONDITIONAL;
    }
    return OverallAccessState.UNKNOWN_INFO;
  }

  /**
   * What conditions are evaluated against: the resource's own attributes (or those the caller gives
   * in {@code condition_context.resource}), and the request time only when the caller gives {@code
   * condition_context.request.receive_time} — without it a {@code request.time} condition is
   * UNKNOWN_CONDITIONAL ("the sender of the request didn't provide enough context":
   * google.cloud.policytroubleshooter.iam.v3.AllowAccessState).
   */
  private Condition.Facts facts(PolicyKey target, AccessTuple tuple) {
    Condition.Facts own = access.iam().facts(target);
    var context = tuple.getConditionContext();
    var resource = context.getResource();
    Instant time =
        context.getRequest().hasReceiveTime()
            ? Instant.ofEpochSecond(
                context.getRequest().getReceiveTime().getSeconds(),
                context.getRequest().getReceiveTime().getNanos())
            : null;
    return new Condition.Facts(
        time,
        resource.getName().isEmpty() ? own.resourceName() : resource.getName(),
        resource.getType().isEmpty() ? own.resourceType() : resource.getType());
  }

  /**
   * The resource a full resource name identifies. It must exist: the troubleshooter learns the
   * ancestry from the resource itself.
   */
  private PolicyKey target(String fullName) {
    String[] prefixes = {
      "//artifactregistry.googleapis.com/",
      "//iam.googleapis.com/",
      "//cloudresourcemanager.googleapis.com/"
    };
    for (int kind = 0; kind < prefixes.length; kind++) {
      if (!fullName.startsWith(prefixes[kind])) {
        continue;
      }
      String name = fullName.substring(prefixes[kind].length());
      return switch (kind) {
        case 0 -> {
          List<String> ids = Names.parse(name, "projects/{}/locations/{}/repositories/{}");
          Project p = known(ids.get(0), fullName);
          yield existing(
              p,
              PolicyKey.repository(p.id(), ids.get(1) + "/" + ids.get(2)),
              p.repository(ids.get(1), ids.get(2)).isPresent(),
              fullName);
        }
        case 1 -> {
          List<String> ids = Names.parse(name, "projects/{}/serviceAccounts/{}");
          Optional<ServiceAccount> sa = access.world().serviceAccount(ids.get(1));
          Project p = known(sa.map(ServiceAccount::project).orElse(ids.get(0)), fullName);
          yield existing(
              p,
              PolicyKey.serviceAccount(p.id(), sa.map(ServiceAccount::email).orElse(ids.get(1))),
              sa.isPresent() && sa.get().project().equals(p.id()),
              fullName);
        }
        default -> PolicyKey.project(known(Names.parse(name, "projects/{}").get(0), fullName).id());
      };
    }
    throw Errors.invalid(
        "The sandbox troubleshoots Artifact Registry repositories, service"
            + " accounts and projects; not "
            + fullName);
  }

  private Project known(String project, String fullName) {
    return access.project(project, READ_PROJECT_POLICY, fullName);
  }

  private PolicyKey existing(Project p, PolicyKey key, boolean exists, String fullName) {
    if (exists) {
      return key;
    }
    access.require(PolicyKey.project(p.id()), READ_PROJECT_POLICY, fullName);
    throw Errors.notFound("Resource " + fullName + " was not found.");
  }

  private String fullName(PolicyKey key) {
    return switch (key.kind()) {
      case PROJECT ->
          "//cloudresourcemanager.googleapis.com/projects/"
              + access.world().project(key.project()).orElseThrow().number();
      case REPOSITORY -> {
        String[] loc = key.name().split("/", 2);
        yield "//artifactregistry.googleapis.com/projects/"
            + key.project()
            + "/locations/"
            + loc[0]
            + "/repositories/"
            + loc[1];
      }
      case SERVICE_ACCOUNT ->
          "//iam.googleapis.com/projects/" + key.project() + "/serviceAccounts/" + key.name();
      case FOLDER, ORGANIZATION -> "//cloudresourcemanager.googleapis.com/" + key.name();
    };
  }

  private static String readPermission(PolicyKey key) {
    return switch (key.kind()) {
      case PROJECT -> READ_PROJECT_POLICY;
      case REPOSITORY -> READ_REPOSITORY_POLICY;
      case SERVICE_ACCOUNT -> READ_ACCOUNT_POLICY;
      case FOLDER -> "resourcemanager.folders.getIamPolicy";
      case ORGANIZATION -> "resourcemanager.organizations.getIamPolicy";
    };
  }

  /** The allow policies of the resource and each ancestor, nearest first. */
  private AllowPolicyExplanation explainAllow(
      Principal principal, PolicyKey target, String permission, Condition.Facts facts) {
    AllowPolicyExplanation.Builder out = AllowPolicyExplanation.newBuilder();
    boolean granted = false;
    boolean unknown = false;
    boolean conditional = false;
    for (PolicyKey key : access.iam().hierarchy(target)) {
      if (!access.may(key, readPermission(key))) {
        unknown = true;
        // "If the sender of the request does not have access to the policy, this field is
        // omitted" (ExplainedAllowPolicy.full_resource_name): only the order says which level.
        out.addExplainedPolicies(
            ExplainedAllowPolicy.newBuilder()
                .setAllowAccessState(AllowAccessState.ALLOW_ACCESS_STATE_UNKNOWN_INFO));
        continue;
      }
      World.Policy policy = access.world().policy(key);
      ExplainedAllowPolicy.Builder explained =
          ExplainedAllowPolicy.newBuilder()
              .setFullResourceName(fullName(key))
              .setPolicy(Policies.toProto(policy));
      AllowAccessState policyState = AllowAccessState.ALLOW_ACCESS_STATE_NOT_GRANTED;
      boolean relevant = false;
      for (Binding b : policy.bindings()) {
        AllowBindingExplanation e = explainBinding(b, principal, permission, facts);
        if (e.getAllowAccessState() == AllowAccessState.ALLOW_ACCESS_STATE_GRANTED) {
          policyState = AllowAccessState.ALLOW_ACCESS_STATE_GRANTED;
        } else if (e.getAllowAccessState()
                == AllowAccessState.ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL
            && policyState != AllowAccessState.ALLOW_ACCESS_STATE_GRANTED) {
          policyState = AllowAccessState.ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL;
        }
        relevant |= e.getRelevance() == HeuristicRelevance.HEURISTIC_RELEVANCE_HIGH;
        explained.addBindingExplanations(e);
      }
      granted |= policyState == AllowAccessState.ALLOW_ACCESS_STATE_GRANTED;
      conditional |= policyState == AllowAccessState.ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL;
      out.addExplainedPolicies(
          explained.setAllowAccessState(policyState).setRelevance(relevance(relevant)));
    }
    return out.setAllowAccessState(
            granted
                ? AllowAccessState.ALLOW_ACCESS_STATE_GRANTED
                : unknown
                    ? AllowAccessState.ALLOW_ACCESS_STATE_UNKNOWN_INFO
                    : conditional
                        ? AllowAccessState.ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL
                        : AllowAccessState.ALLOW_ACCESS_STATE_NOT_GRANTED)
        .build();
  }

  private AllowBindingExplanation explainBinding(
      Binding b, Principal principal, String permission, Condition.Facts facts) {
    Optional<Boolean> includes = access.iam().roles().includes(b.role(), permission);
    RolePermissionInclusionState inclusion =
        includes.isEmpty()
            ? RolePermissionInclusionState.ROLE_PERMISSION_UNKNOWN_INFO
            : includes.get()
                ? RolePermissionInclusionState.ROLE_PERMISSION_INCLUDED
                : RolePermissionInclusionState.ROLE_PERMISSION_NOT_INCLUDED;
    AllowBindingExplanation.Builder e =
        AllowBindingExplanation.newBuilder()
            .setRole(b.role())
            .setRolePermission(inclusion)
            .setRolePermissionRelevance(
                includes.orElse(false)
                    ? HeuristicRelevance.HEURISTIC_RELEVANCE_HIGH
                    : HeuristicRelevance.HEURISTIC_RELEVANCE_NORMAL);
    boolean matched = false;
    for (String member : b.members()) {
      boolean in = principal.isIn(member);
      matched |= in;
      e.putMemberships(
          member,
          AnnotatedAllowMembership.newBuilder()
              .setMembership(
                  in
                      ? MembershipMatchingState.MEMBERSHIP_MATCHED
                      : MembershipMatchingState.MEMBERSHIP_NOT_MATCHED)
              .setRelevance(relevance(in))
              .build());
    }
    // Without a condition the binding applies; with one, it applies when it holds, and nobody
    // knows when the caller left out what it turns on.
    Boolean applies = Boolean.TRUE;
    if (b.conditional()) {
      applies = b.condition().value(facts);
      e.setCondition(
              Expr.newBuilder()
                  .setTitle(b.condition().title())
                  .setDescription(b.condition().description())
                  .setExpression(b.condition().expression()))
          .setConditionExplanation(conditionExplanation(b.condition(), applies));
    }
    boolean holds = matched && includes.orElse(false);
    AllowAccessState state =
        !holds || Boolean.FALSE.equals(applies)
            ? AllowAccessState.ALLOW_ACCESS_STATE_NOT_GRANTED
            : applies == null
                ? AllowAccessState.ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL
                : AllowAccessState.ALLOW_ACCESS_STATE_GRANTED;
    // A binding matters when it grants, or when it holds the permission for someone else or under
    // a condition that does not hold: that is where a missing member or a renewal would go.
    boolean relevant = includes.orElse(false);
    return e.setCombinedMembership(
            AnnotatedAllowMembership.newBuilder()
                .setMembership(
                    matched
                        ? MembershipMatchingState.MEMBERSHIP_MATCHED
                        : MembershipMatchingState.MEMBERSHIP_NOT_MATCHED)
                .setRelevance(relevance(matched)))
        .setAllowAccessState(state)
        .setRelevance(relevance(relevant))
        .build();
  }

  /** The condition's value (null when unknown), for the whole expression. */
  private static ConditionExplanation conditionExplanation(Condition c, Boolean value) {
    Value v =
        value == null
            ? Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build()
            : Value.newBuilder().setBoolValue(value).build();
    return ConditionExplanation.newBuilder()
        .setValue(v)
        .addEvaluationStates(
            ConditionExplanation.EvaluationState.newBuilder()
                .setStart(0)
                .setEnd(c.expression().length() - 1)
                .setValue(v))
        .build();
  }

  /**
   * The deny policies at each attachment point above the resource: its project, the folders above
   * it and the organization, nearest first.
   */
  private DenyPolicyExplanation explainDeny(
      Principal principal, PolicyKey target, String permission) {
    DenyPolicyExplanation.Builder out =
        DenyPolicyExplanation.newBuilder().setPermissionDeniable(true);
    boolean denied = false;
    boolean unknown = false;
    for (PolicyKey key : access.iam().denyAttachmentPoints(target)) {
      if (!access.may(key, LIST_DENY) || !access.may(key, GET_DENY)) {
        // The name is omitted here too (ExplainedDenyResource.full_resource_name).
        unknown = true;
        out.addExplainedResources(
            ExplainedDenyResource.newBuilder()
                .setDenyAccessState(DenyAccessState.DENY_ACCESS_STATE_UNKNOWN_INFO));
        continue;
      }
      ExplainedDenyResource.Builder explainedResource =
          ExplainedDenyResource.newBuilder().setFullResourceName(fullName(key));
      boolean deniedHere = false;
      Optional<com.google.iam.v2.Policy> policy = DenyPoliciesService.policy(access.world(), key);
      if (policy.isPresent()) {
        ExplainedDenyPolicy.Builder explainedPolicy = ExplainedDenyPolicy.newBuilder();
        for (DenyRule rule : access.world().denyRules(key)) {
          DenyRuleExplanation e = explainRule(rule, principal, permission);
          deniedHere |= e.getDenyAccessState() == DenyAccessState.DENY_ACCESS_STATE_DENIED;
          explainedPolicy.addRuleExplanations(e);
        }
        explainedResource.addExplainedPolicies(
            explainedPolicy
                .setPolicy(policy.get())
                .setDenyAccessState(state(deniedHere))
                .setRelevance(relevance(deniedHere)));
      }
      denied |= deniedHere;
      out.addExplainedResources(
          explainedResource
              .setDenyAccessState(state(deniedHere))
              .setRelevance(relevance(deniedHere)));
    }
    return out.setDenyAccessState(
            denied
                ? DenyAccessState.DENY_ACCESS_STATE_DENIED
                : unknown
                    ? DenyAccessState.DENY_ACCESS_STATE_UNKNOWN_INFO
                    : DenyAccessState.DENY_ACCESS_STATE_NOT_DENIED)
        .build();
  }

  private static DenyAccessState state(boolean denied) {
    return denied
        ? DenyAccessState.DENY_ACCESS_STATE_DENIED
        : DenyAccessState.DENY_ACCESS_STATE_NOT_DENIED;
  }

  private static DenyRuleExplanation explainRule(
      DenyRule rule, Principal principal, String permission) {
    String v2 = Iam.v2Permission(permission);
    DenyRuleExplanation.Builder e = DenyRuleExplanation.newBuilder();
    boolean permissionDenied = false;
    for (String p : rule.deniedPermissions()) {
      boolean m = Iam.permissionMatches(p, v2);
      permissionDenied |= m;
      e.putDeniedPermissions(p, permissionMatching(m));
    }
    boolean permissionExcepted = false;
    for (String p : rule.exceptionPermissions()) {
      boolean m = Iam.permissionMatches(p, v2);
      permissionExcepted |= m;
      e.putExceptionPermissions(p, permissionMatching(m));
    }
    boolean principalDenied = false;
    for (String p : rule.deniedPrincipals()) {
      boolean m = principal.isDeniedAs(p);
      principalDenied |= m;
      e.putDeniedPrincipals(p, principalMatching(m));
    }
    boolean principalExcepted = false;
    for (String p : rule.exceptionPrincipals()) {
      boolean m = principal.isDeniedAs(p);
      principalExcepted |= m;
      e.putExceptionPrincipals(p, principalMatching(m));
    }
    boolean denies = Iam.denies(rule, principal, permission);
    return e.setCombinedDeniedPermission(permissionMatching(permissionDenied))
        .setCombinedExceptionPermission(permissionMatching(permissionExcepted))
        .setCombinedDeniedPrincipal(principalMatching(principalDenied))
        .setCombinedExceptionPrincipal(principalMatching(principalExcepted))
        .setDenyAccessState(state(denies))
        .setRelevance(relevance(denies))
        .build();
  }

  /** What matched is what the answer turned on: Google marks it HIGH, the rest NORMAL. */
  private static HeuristicRelevance relevance(boolean high) {
    return high
        ? HeuristicRelevance.HEURISTIC_RELEVANCE_HIGH
        : HeuristicRelevance.HEURISTIC_RELEVANCE_NORMAL;
  }

  private static AnnotatedPermissionMatching permissionMatching(boolean matched) {
    return AnnotatedPermissionMatching.newBuilder()
        .setPermissionMatchingState(
            matched
                ? PermissionPatternMatchingState.PERMISSION_PATTERN_MATCHED
                : PermissionPatternMatchingState.PERMISSION_PATTERN_NOT_MATCHED)
        .setRelevance(relevance(matched))
        .build();
  }

  private static AnnotatedDenyPrincipalMatching principalMatching(boolean matched) {
    return AnnotatedDenyPrincipalMatching.newBuilder()
        .setMembership(
            matched
                ? MembershipMatchingState.MEMBERSHIP_MATCHED
                : MembershipMatchingState.MEMBERSHIP_NOT_MATCHED)
        .setRelevance(relevance(matched))
        .build();
  }
}
