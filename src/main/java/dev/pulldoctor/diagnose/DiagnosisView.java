package dev.pulldoctor.diagnose;

import dev.pulldoctor.domain.FindingAdvice;
import dev.pulldoctor.domain.FindingEvidence;
import dev.pulldoctor.domain.JsonForm;
import dev.pulldoctor.domain.PullAttempt;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RepositoryRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A diagnosis as plain maps and lists, in one shape for the CLI's JSON, the Firestore document and
 * the dashboard: field names here are part of the contract other tools read.
 */
public final class DiagnosisView {
  private DiagnosisView() {}

  /** The whole diagnosis, as {@code diagnose} prints it. */
  public static Map<String, Object> of(Diagnosis d) {
    PullFailure f = d.failure();
    Evidence e = d.evidence();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("failureKind", f.failureKind().name());
    m.put("rootCause", d.rootCause().name());
    m.put("summary", d.summary());
    m.put("cluster", f.cluster().toString());
    m.put("nodePool", e.nodePool());
    m.put("nodeServiceAccount", e.nodeServiceAccount());
    m.put("repository", repository(e.repository()));
    m.put("image", f.image() == null ? null : f.image().raw());
    m.put("pod", f.namespace() + "/" + f.pod());
    Map<String, Object> evidence = evidence(e);
    evidence.put("pullSecretAnswers", secretAnswers(f));
    m.put("evidence", evidence);
    m.put("advice", advice(d.advice()));
    return m;
  }

  /** The evidence as a finding keeps it: {@link #evidence} read by field name. */
  public static FindingEvidence evidenceOf(Evidence e) {
    return JsonForm.read(FindingEvidence.class, evidence(e));
  }

  /** The advice as a finding keeps it: {@link #advice} read by field name. */
  public static FindingAdvice adviceOf(Advice a) {
    return JsonForm.read(FindingAdvice.class, advice(a));
  }

  /**
   * What the pod's {@code imagePullSecrets} got before the node's own credentials, when kubelet
   * reported several answers; the node's answer is the failure itself.
   */
  static List<Map<String, Object>> secretAnswers(PullFailure f) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PullAttempt a : f.secretAttempts()) {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("failureKind", a.kind().name());
      am.put("rule", a.rule());
      am.put("message", a.message());
      out.add(am);
    }
    return out;
  }

  public static Map<String, Object> repository(RepositoryRef r) {
    if (r == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("project", r.project());
    m.put("location", r.location());
    m.put("name", r.name());
    return m;
  }

  public static Map<String, Object> advice(Advice a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("summary", a.summary());
    m.put("fix", a.fix());
    m.put("commands", a.commands());
    m.put("terraform", a.terraform());
    m.put("retry", a.retry());
    m.put("automatic", a.automatic());
    return m;
  }

  /**
   * The evidence; only the bindings that matter: those naming the node account, and pulling or
   * legacy roles held by the cluster's other node accounts.
   */
  public static Map<String, Object> evidence(Evidence e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("nodeName", e.nodeName());
    m.put("nodePool", e.nodePool());
    m.put("poolResolution", e.poolResolution());
    m.put("nodeServiceAccount", e.nodeServiceAccount());
    m.put("oauthScopes", e.oauthScopes());
    m.put("accountState", e.accountState() == null ? null : e.accountState().name());
    m.put("repository", e.repository() == null ? null : e.repository().resourceName());
    m.put("repositoryExists", e.repositoryExists());
    m.put(
        "sameNameElsewhere",
        e.sameNameElsewhere().stream().map(RepositoryRef::resourceName).toList());
    m.put("registryApiDisabled", e.registryApiDisabled());
    if (e.access() != null) {
      Map<String, Object> access = new LinkedHashMap<>();
      access.put("method", e.access().method());
      access.put("answer", e.access().answer().name());
      access.put("detail", e.access().detail());
      access.put("fallbacks", e.access().fallbacks());
      m.put("access", access);
    } else {
      m.put("access", null);
    }
    m.put("ancestry", e.ancestry());
    m.put("bindings", relevantBindings(e));
    m.put("denyingRules", e.denyingRules());
    m.put("denyAttachedTo", e.denyAttachedTo());
    m.put("versionExists", e.versionExists());
    List<Map<String, Object>> problems = new ArrayList<>();
    for (Evidence.Problem p : e.problems()) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("what", p.what());
      pm.put("kind", p.kind().name());
      pm.put("permission", p.permission());
      pm.put("role", p.role());
      pm.put("detail", p.detail());
      problems.add(pm);
    }
    m.put("notInspected", problems);
    return m;
  }

  private static List<Map<String, Object>> relevantBindings(Evidence e) {
    RoleCatalog roles = RoleCatalog.predefined();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Binding b : e.allBindings()) {
      boolean names = e.nodeMember() != null && b.includes(e.nodeMember());
      boolean otherNode =
          (roles.grantsPull(b.role()) || roles.isLegacyGcrRole(b.role()))
              && e.otherNodeAccounts().stream().anyMatch(a -> b.includes("serviceAccount:" + a));
      if (names || otherNode) {
        Map<String, Object> bm = new LinkedHashMap<>();
        bm.put("on", b.on());
        bm.put("role", b.role());
        bm.put("members", b.members());
        bm.put("conditional", b.conditional());
        if (b.conditional()) {
          Conditions.Verdict v = Conditions.evaluate(b.condition(), e.conditionContext());
          Map<String, Object> cm = new LinkedHashMap<>();
          cm.put("title", b.condition().title());
          cm.put("expression", b.condition().expression());
          cm.put("holds", v.outcome().name());
          cm.put("why", v.reason());
          bm.put("condition", cm);
        }
        bm.put("grantsPull", roles.grantsPull(b.role()));
        out.add(bm);
      }
    }
    return out;
  }
}
