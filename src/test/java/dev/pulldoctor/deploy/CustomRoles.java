package dev.pulldoctor.deploy;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.gcp.ApiPermission;
import dev.pulldoctor.gcp.ApiPermission.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Pull Doctor's two custom roles, derived from the one table of calls ({@link ApiPermission}) and
 * written to {@code terraform/roles.json}, which the module reads with {@code
 * jsondecode(file(...))}: the <em>inspector</em> holds every permission of the calls made in the
 * inspected projects, the <em>remediator</em> those of the calls made on remediation repositories.
 * Regenerate after a change of the table with {@code java ... dev.pulldoctor.deploy.CustomRoles}
 * (CustomRolesTest fails until then).
 */
public final class CustomRoles {
  static final Path FILE = TerraformModule.DIRECTORY.resolve("roles.json");

  /** The names the Grants reader gives the module's two custom roles. */
  static final String INSPECTOR = "pull-doctor:inspector";

  static final String REMEDIATOR = "pull-doctor:remediator";

  /**
   * One custom role as Terraform's google_*_iam_custom_role takes it. {@code projectPermissions}
   * leaves out what a project-level custom role cannot hold: folder and organization permissions
   * ("custom roles created at the project level can't include permissions that apply only at the
   * folder or organization level", https://cloud.google.com/iam/docs/understanding-custom-roles).
   */
  record Role(
      String title, String description, List<String> permissions, List<String> projectPermissions) {
    Role(String title, String description, List<String> permissions) {
      this(
          title,
          description,
          permissions,
          permissions.stream().filter(p -> !aboveTheProject(p)).toList());
    }
  }

  /** Permissions on folders and organizations: a project cannot hold them in a custom role. */
  static boolean aboveTheProject(String permission) {
    return permission.startsWith("resourcemanager.folders.")
        || permission.startsWith("resourcemanager.organizations.");
  }

  private CustomRoles() {}

  /**
   * What {@link ApiPermission} needs today, by role key ({@code inspector}, {@code remediator}).
   */
  static Map<String, Role> ofTheCode() {
    Map<String, Role> roles = new LinkedHashMap<>();
    roles.put(
        "inspector",
        new Role(
            "Pull Doctor inspector",
            "Reads the metadata and allow and deny policies Pull Doctor's diagnosis needs: no image"
                + " downloads, no policy changes, no data reads. Generated from ApiPermission.",
            permissionsAt(Scope.FLEET, Scope.HIERARCHY)));
    roles.put(
        "remediator",
        new Role(
            "Pull Doctor remediator",
            "Reads and changes the allow policy of an Artifact Registry repository, for the one"
                + " grant remediation makes. Generated from ApiPermission.",
            permissionsAt(Scope.REMEDIATION)));
    return roles;
  }

  /** Every permission of the calls made at any of {@code scopes}, sorted. */
  static List<String> permissionsAt(Scope... scopes) {
    Set<Scope> wanted = Set.of(scopes);
    Set<String> permissions =
        Arrays.stream(ApiPermission.values())
            .filter(p -> p.scopes().stream().anyMatch(wanted::contains))
            .flatMap(p -> p.permissions().stream())
            .collect(Collectors.toCollection(TreeSet::new));
    return List.copyOf(permissions);
  }

  /** The JSON text of {@code roles}, as the file holds it. */
  static String json(Map<String, Role> roles) {
    JsonObject root = new JsonObject();
    root.addProperty(
        "_comment",
        "Generated from dev.pulldoctor.gcp.ApiPermission by dev.pulldoctor.deploy.CustomRoles;"
            + " do not edit: CustomRolesTest holds the two equal.");
    Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    roles.forEach((key, role) -> root.add(key, gson.toJsonTree(role)));
    return gson.toJson(root) + "\n";
  }

  /** The file's roles, by key. */
  static Map<String, Set<String>> permissionsInFile() {
    try {
      JsonObject root = JsonParser.parseString(Files.readString(FILE)).getAsJsonObject();
      Map<String, Set<String>> out = new LinkedHashMap<>();
      for (String key : root.keySet()) {
        if (!key.startsWith("_")) {
          for (String list : List.of("permissions", "projectPermissions")) {
            Set<String> permissions = new TreeSet<>();
            root.getAsJsonObject(key)
                .getAsJsonArray(list)
                .forEach(p -> permissions.add(p.getAsString()));
            out.put(list.equals("permissions") ? key : key + "-in-project", permissions);
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Predefined roles, plus the module's custom roles under {@link #INSPECTOR} and friends. */
  static Map<String, Set<String>> roleTableWithCustomRoles() {
    Map<String, Set<String>> table = new LinkedHashMap<>(RoleTable.load());
    permissionsInFile().forEach((key, permissions) -> table.put("pull-doctor:" + key, permissions));
    return table;
  }

  /** Broad predefined roles Pull Doctor's account must never hold again (issue 18). */
  static final List<String> BROAD_ROLES =
      List.of(
          "roles/artifactregistry.reader",
          "roles/artifactregistry.admin",
          "roles/iam.securityReviewer");

  /**
   * Grants of {@code module} that give Pull Doctor's account more than its custom roles: a broad
   * role, or {@code roles/datastore.user} without a condition on one database. One line each.
   */
  static List<String> broadGrants(TerraformModule module, String pullDoctorAccount) {
    List<String> problems = new java.util.ArrayList<>();
    for (Grants.Grant g : Grants.of(module, pullDoctorAccount)) {
      if (!g.toPullDoctor()) {
        continue;
      }
      for (String role : g.roles()) {
        if (BROAD_ROLES.contains(role)) {
          problems.add(g.address() + " grants Pull Doctor " + role);
        }
        if (role.equals("roles/datastore.user") && !onOneDatabase(g.resource())) {
          problems.add(
              g.address()
                  + " grants Pull Doctor roles/datastore.user on the whole project, not under a"
                  + " condition on its database's resource.name");
        }
      }
    }
    return problems;
  }

  private static boolean onOneDatabase(Hcl.Block grant) {
    List<Hcl.Block> conditions = grant.blocks("condition");
    if (conditions.size() != 1) {
      return false;
    }
    String expression = conditions.get(0).attribute("expression").text();
    return expression.matches(
        "\\s*\"resource\\.name =="
            + " \\\\\"projects/\\$\\{[^}]+\\}/databases/\\$\\{[^}]+\\}\\\\\"\"\\s*");
  }

  /** Writes {@code terraform/roles.json} from the table of calls. */
  public static void main(String[] args) throws IOException {
    Files.writeString(FILE, json(ofTheCode()), StandardCharsets.UTF_8);
    System.out.println("wrote " + FILE);
  }
}
