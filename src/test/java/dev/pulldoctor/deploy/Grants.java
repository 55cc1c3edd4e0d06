package dev.pulldoctor.deploy;

import dev.pulldoctor.gcp.ApiPermission.Scope;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The IAM grants a Terraform module makes, read from its {@code *_iam_member} resources: which
 * roles, to whom, at which {@link Scope}, and under which condition.
 *
 * <p>A grant's roles are either a literal {@code role = "roles/..."} or {@code each.value} (or
 * {@code each.value.role}) over a {@code for_each} built from locals that are lists of role
 * literals; anything else is reported as unreadable rather than guessed.
 */
public final class Grants {

  /** The role remediation is granted: the module's remediator custom role. */
  static final String REMEDIATION_ROLE = CustomRoles.REMEDIATOR;

  /** Roles that change a repository's policy: only ever behind remediation's gate. */
  static final Set<String> POLICY_CHANGING_ROLES =
      Set.of(REMEDIATION_ROLE, "roles/artifactregistry.admin");

  /** The custom role resources a grant may name. */
  private static final List<String> CUSTOM_ROLE_TYPES =
      List.of("google_project_iam_custom_role", "google_organization_iam_custom_role");

  static final String TOKEN_CREATOR_ROLE = "roles/iam.serviceAccountTokenCreator";

  private static final Set<String> EMPTY_COLLECTIONS =
      Set.of("toset([])", "tolist([])", "[]", "{}", "tomap({})", "0");

  private Grants() {}

  /** One {@code *_iam_member} resource. */
  public record Grant(
      Hcl.Block resource, Set<String> roles, Optional<Scope> scope, boolean toPullDoctor) {

    public String address() {
      return resource.labels().get(0) + "." + resource.labels().get(1);
    }
  }

  /**
   * Every grant of the module. {@code pullDoctorAccount} is the address of Pull Doctor's {@code
   * google_service_account}, e.g. {@code google_service_account.function}.
   */
  public static List<Grant> of(TerraformModule module, String pullDoctorAccount) {
    List<Grant> grants = new ArrayList<>();
    for (Hcl.Block r : module.resources()) {
      String type = r.labels().get(0);
      if (!type.endsWith("_iam_member")) {
        continue;
      }
      Set<String> memberRefs = module.deepReferences(r.attribute("member"));
      boolean toPullDoctor = TerraformModule.mentions(memberRefs, pullDoctorAccount);
      grants.add(new Grant(r, roles(module, r), scope(module, r), toPullDoctor));
    }
    return grants;
  }

  /** The roles granted to Pull Doctor, by scope; a grant at an unknown scope is an error. */
  public static Map<Scope, Set<String>> pullDoctorRolesByScope(List<Grant> grants) {
    Map<Scope, Set<String>> byScope = new EnumMap<>(Scope.class);
    for (Scope s : Scope.values()) {
      byScope.put(s, new TreeSet<>());
    }
    for (Grant g : grants) {
      if (!g.toPullDoctor()) {
        continue;
      }
      Scope scope =
          g.scope()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          g.address()
                              + " ("
                              + g.resource().where()
                              + ") grants Pull Doctor a role at a scope that is neither the host"
                              + " project, an inspected project, a folder or organization of"
                              + " hierarchy_nodes, a remediation repository nor a node account"));
      byScope.get(scope).addAll(g.roles());
    }
    return byScope;
  }

  /**
   * Grants of the remediation role or of Token Creator that no variable gates: the admin role only
   * under {@code ... == "apply" ? <listed repositories> : <empty>}, Token Creator only over {@code
   * var.impersonation_service_accounts}. Each problem is one line.
   */
  public static List<String> ungatedPrivilegedGrants(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    for (Hcl.Block r : module.resources()) {
      if (!r.labels().get(0).endsWith("_iam_member")) {
        continue;
      }
      Set<String> roles = roles(module, r);
      String address = r.labels().get(0) + "." + r.labels().get(1) + " (" + r.where() + ")";
      if (roles.stream().anyMatch(POLICY_CHANGING_ROLES::contains)) {
        remediationGate(module, r).ifPresent(p -> problems.add(address + ": " + p));
      }
      if (roles.contains(TOKEN_CREATOR_ROLE)) {
        impersonationGate(module, r).ifPresent(p -> problems.add(address + ": " + p));
      }
    }
    return problems;
  }

  private static Optional<String> remediationGate(TerraformModule module, Hcl.Block r) {
    Optional<Hcl.Expression> gate = gate(r);
    if (gate.isEmpty()) {
      return Optional.of("a policy-changing role is granted with neither count nor for_each");
    }
    Optional<Hcl.Conditional> conditional = gate.get().conditional();
    if (conditional.isEmpty()) {
      return Optional.of("a policy-changing role is not granted under a condition: " + gate.get());
    }
    Hcl.Conditional c = conditional.get();
    if (!asksForApply(module, c.condition())) {
      return Optional.of("the condition does not ask for remediation mode apply: " + c.condition());
    }
    Set<String> granted = module.deepReferences(c.then());
    if (!TerraformModule.mentions(granted, "var.remediation.repositories")) {
      return Optional.of("granted on something else than remediation.repositories: " + c.then());
    }
    if (!EMPTY_COLLECTIONS.contains(c.otherwise().normalized().replace(" ", ""))) {
      return Optional.of("granted even when remediation does not apply: " + c.otherwise());
    }
    return Optional.empty();
  }

  /** {@code <a reference to the remediation mode> == "apply"}, either way round, and no more. */
  private static boolean asksForApply(TerraformModule module, Hcl.Expression condition) {
    List<Hcl.Token> t = condition.significant();
    List<Integer> equals = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).kind() == Hcl.Kind.OP && t.get(i).text().equals("==")) {
        equals.add(i);
      }
    }
    if (equals.size() != 1) {
      return false;
    }
    List<Hcl.Token> left = t.subList(0, equals.get(0));
    List<Hcl.Token> right = t.subList(equals.get(0) + 1, t.size());
    boolean applyOnRight = right.size() == 1 && right.get(0).isLiteralString();
    List<Hcl.Token> mode = applyOnRight ? left : right;
    List<Hcl.Token> apply = applyOnRight ? right : left;
    if (apply.size() != 1
        || !apply.get(0).isLiteralString()
        || !apply.get(0).value().equals("apply")) {
      return false;
    }
    Hcl.Expression modeExpression =
        new Hcl.Expression(
            List.copyOf(mode), condition.source(), condition.file(), condition.line());
    return modeExpression.soleReference().isPresent()
        && TerraformModule.mentions(module.deepReferences(modeExpression), "var.remediation");
  }

  private static Optional<String> impersonationGate(TerraformModule module, Hcl.Block r) {
    Optional<Hcl.Expression> gate = gate(r);
    if (gate.isEmpty()) {
      return Optional.of(TOKEN_CREATOR_ROLE + " is granted with neither count nor for_each");
    }
    Set<String> refs = module.deepReferences(gate.get());
    String listed = "var.impersonation_service_accounts";
    boolean onlyListedAccounts =
        TerraformModule.mentions(refs, listed)
            && refs.stream()
                .filter(ref -> TerraformModule.localName(ref) == null)
                .allMatch(ref -> ref.startsWith(listed));
    List<String> literals = new ArrayList<>(gate.get().stringLiterals());
    module.deepLocals(gate.get()).forEach(l -> literals.addAll(module.local(l).stringLiterals()));
    if (!onlyListedAccounts || !literals.isEmpty()) {
      return Optional.of(
          TOKEN_CREATOR_ROLE
              + " is granted on other accounts than impersonation_service_accounts: "
              + gate.get());
    }
    return Optional.empty();
  }

  private static Optional<Hcl.Expression> gate(Hcl.Block r) {
    return r.optionalAttribute("for_each").or(() -> r.optionalAttribute("count"));
  }

  /**
   * The roles a grant resource names; an assertion error when they cannot be read. A custom role of
   * the module ({@code google_*_iam_custom_role.X[...].name}, either way of a conditional) reads as
   * {@code pull-doctor:KEY}, KEY being the entry of roles.json its {@code permissions} name.
   */
  public static Set<String> roles(TerraformModule module, Hcl.Block r) {
    Hcl.Expression role = r.attribute("role");
    if (role.isString()) {
      return Set.of(role.string());
    }
    Set<String> custom = customRoles(module, role);
    if (!custom.isEmpty()) {
      return custom;
    }
    Optional<String> ref = role.soleReference();
    boolean fromEach =
        ref.isPresent()
            && (ref.get().equals("each.value")
                || ref.get().equals("each.value.role")
                || ref.get().equals("each.key"));
    Optional<Hcl.Expression> forEach = r.optionalAttribute("for_each");
    if (!fromEach || forEach.isEmpty()) {
      throw new AssertionError(r.where() + ": cannot tell which role " + role + " is");
    }
    Set<String> roles = new LinkedHashSet<>();
    for (String local : module.deepLocals(forEach.get())) {
      Hcl.Expression e = module.local(local);
      if (e.isStringList() && e.stringList().stream().allMatch(s -> s.startsWith("roles/"))) {
        roles.addAll(e.stringList());
      }
    }
    if (forEach.get().isStringList()) {
      roles.addAll(forEach.get().stringList());
    }
    if (roles.isEmpty()) {
      throw new AssertionError(r.where() + ": for_each names no list of roles: " + forEach.get());
    }
    return roles;
  }

  private static Set<String> customRoles(TerraformModule module, Hcl.Expression role) {
    Set<String> keys = new TreeSet<>();
    for (String ref : role.references()) {
      String[] parts = ref.split("[.\\[]");
      if (parts.length < 2 || !CUSTOM_ROLE_TYPES.contains(parts[0])) {
        continue;
      }
      if (!ref.endsWith(".name")) {
        throw new AssertionError(role.where() + ": a custom role is granted by its name: " + ref);
      }
      Hcl.Expression permissions = module.resource(parts[0], parts[1]).attribute("permissions");
      String source = permissions.soleReference().orElse("");
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile(
                  "local\\.custom_roles\\.([a-z_]+)\\.(permissions|projectPermissions)")
              .matcher(source);
      if (!m.matches()) {
        throw new AssertionError(
            permissions.where() + ": a custom role's permissions come from roles.json");
      }
      keys.add(
          "pull-doctor:" + m.group(1) + (m.group(2).equals("permissions") ? "" : "-in-project"));
    }
    return keys;
  }

  /** Where a grant applies; empty for grants on single resources outside the four scopes. */
  public static Optional<Scope> scope(TerraformModule module, Hcl.Block r) {
    switch (r.labels().get(0)) {
      case "google_project_iam_member":
        {
          Set<String> project = module.deepReferences(r.attribute("project"));
          if (TerraformModule.mentions(project, "var.project_id")) {
            return Optional.of(Scope.HOST);
          }
          Set<String> forEach =
              r.optionalAttribute("for_each").map(module::deepReferences).orElse(Set.of());
          if (TerraformModule.mentions(forEach, "var.inspected_projects")
              && TerraformModule.mentions(project, "each.value")) {
            return Optional.of(Scope.FLEET);
          }
          return Optional.empty();
        }
      case "google_folder_iam_member":
      case "google_organization_iam_member":
        {
          Set<String> forEach =
              r.optionalAttribute("for_each").map(module::deepReferences).orElse(Set.of());
          return TerraformModule.mentions(forEach, "var.hierarchy_nodes")
              ? Optional.of(Scope.HIERARCHY)
              : Optional.empty();
        }
      case "google_artifact_registry_repository_iam_member":
        return Optional.of(Scope.REMEDIATION);
      case "google_service_account_iam_member":
        return Optional.of(Scope.NODE_ACCOUNTS);
      default:
        return Optional.empty();
    }
  }
}
