package dev.pulldoctor.domain;

import java.util.List;
import java.util.Map;

/**
 * What the investigation found, as a finding stores and shows it. The diagnosis builds it from its
 * own evidence through {@link JsonForm} by field name ({@code DiagnosisView.evidenceOf}), so a
 * field the diagnosis adds appears in {@link #other} until a component here types it — one line.
 *
 * @param poolResolution how the node's pool was told, in words
 * @param accountState {@code ENABLED}, {@code DISABLED}, {@code DELETED}, …
 * @param repository the repository's resource name
 * @param access the answer to "may the node's account pull?"
 * @param bindings the bindings that matter: those naming the node account, and pulling roles of the
 *     cluster's other node accounts
 * @param notInspected what Pull Doctor could not look at, and why
 * @param other evidence fields this version does not type, kept as they are
 */
public record FindingEvidence(
    String nodeName,
    String nodePool,
    String poolResolution,
    String nodeServiceAccount,
    List<String> oauthScopes,
    String accountState,
    String repository,
    Boolean repositoryExists,
    List<String> sameNameElsewhere,
    Boolean registryApiDisabled,
    Access access,
    List<BindingSeen> bindings,
    List<String> denyingRules,
    Boolean versionExists,
    List<NotInspected> notInspected,
    Map<String, Object> other) {

  public FindingEvidence {
    sameNameElsewhere = sameNameElsewhere == null ? List.of() : List.copyOf(sameNameElsewhere);
    bindings = bindings == null ? List.of() : List.copyOf(bindings);
    denyingRules = denyingRules == null ? List.of() : List.copyOf(denyingRules);
    notInspected = notInspected == null ? List.of() : List.copyOf(notInspected);
    other = JsonForm.copy(other);
  }

  /** The access check: the method that answered, its answer, and the methods tried before it. */
  public record Access(String method, String answer, String detail, List<String> fallbacks) {
    public Access {
      fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    }
  }

  /** A binding as the finding shows it: where, which role, to whom, and whether it lets pull. */
  public record BindingSeen(
      String on, String role, List<String> members, boolean conditional, boolean grantsPull) {
    public BindingSeen {
      members = members == null ? List.of() : List.copyOf(members);
    }
  }

  /** A look-up Pull Doctor could not make, and why. */
  public record NotInspected(
      String what, String kind, String permission, String role, String detail) {}
}
