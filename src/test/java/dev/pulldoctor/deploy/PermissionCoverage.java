package dev.pulldoctor.deploy;

import dev.pulldoctor.gcp.ApiPermission;
import dev.pulldoctor.gcp.ApiPermission.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the roles a deployment grants cover every permission the code needs: a pure function over
 * the table of API calls, the roles granted at each scope, and what each role contains.
 */
public final class PermissionCoverage {

  private PermissionCoverage() {}

  /** One API call's needs: the permissions it takes of Pull Doctor's account, and where. */
  public record Need(String call, Scope scope, List<String> permissions) {

    public Need {
      permissions = List.copyOf(permissions);
    }

    /** The needs of one row of the table: one at each scope it names. */
    public static List<Need> of(ApiPermission row) {
      return row.scopes().stream().map(s -> new Need(row.name(), s, row.permissions())).toList();
    }
  }

  /** A permission that no role granted at the need's scope contains. */
  public record Gap(String call, Scope scope, String permission) {

    @Override
    public String toString() {
      return call
          + " needs "
          + permission
          + " at scope "
          + scope
          + ", and no role granted there contains it";
    }
  }

  /** The needs of every row of {@link ApiPermission}. */
  public static List<Need> needsOfTheCode() {
    return java.util.Arrays.stream(ApiPermission.values())
        .flatMap(row -> Need.of(row).stream())
        .toList();
  }

  /**
   * The permissions of {@code needs} that no role in {@code grantedRoles} at the need's scope
   * contains, according to {@code rolePermissions}; a role it does not list contains nothing.
   */
  public static List<Gap> uncovered(
      Collection<Need> needs,
      Map<Scope, ? extends Set<String>> grantedRoles,
      Map<String, ? extends Set<String>> rolePermissions) {
    List<Gap> gaps = new ArrayList<>();
    for (Need need : needs) {
      Set<String> roles =
          grantedRoles.containsKey(need.scope()) ? grantedRoles.get(need.scope()) : Set.of();
      for (String permission : need.permissions()) {
        boolean covered =
            roles.stream()
                .anyMatch(
                    role ->
                        rolePermissions.containsKey(role)
                            && rolePermissions.get(role).contains(permission));
        if (!covered) {
          gaps.add(new Gap(need.call(), need.scope(), permission));
        }
      }
    }
    return gaps;
  }
}
