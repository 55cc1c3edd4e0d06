package dev.pulldoctor.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.sandbox.MethodPermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pull Doctor's table of what it needs is Google's, not its own guess (DESIGN.md §10): each row's
 * permissions are exactly what method-permissions.json gives the REST methods the row names, and
 * every method the adapters call has a row.
 */
class ApiPermissionTest {
  private static final MethodPermissions GOOGLE = MethodPermissions.google();

  // Google's map leaves Firestore out (the emulator serves it); the log line is stdout, no call.
  private static final Set<String> NOT_IN_THE_MAP =
      Set.of("firestore.googleapis.com", "logging.googleapis.com");

  @ParameterizedTest(name = "{0}")
  @EnumSource(ApiPermission.class)
  void permissions_areWhatGooglesMapGivesTheRowsRestMethods(ApiPermission row) {
    if (row.restMethods().isEmpty()) {
      assertThat(row.service()).as("%s names no REST method", row).isIn(NOT_IN_THE_MAP);
      return;
    }
    Set<String> google = new TreeSet<>();
    for (String m : row.restMethods()) {
      assertThat(GOOGLE.of(m)).as("%s in method-permissions.json", m).isPresent();
      google.addAll(GOOGLE.of(m).orElseThrow());
    }
    assertThat(new TreeSet<>(row.permissions())).as(row.name()).isEqualTo(google);
    assertThat(row.role() == null)
        .as("%s has a role iff it needs a permission", row)
        .isEqualTo(google.isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ApiMethod.class)
  void everyMethodTheAdaptersCall_hasARow(ApiMethod method) {
    Set<String> rows = new HashSet<>();
    Arrays.stream(ApiPermission.values()).forEach(r -> rows.addAll(r.restMethods()));
    if (method.fullName().startsWith("google.firestore.")) {
      assertThat(GOOGLE.of(method.restMethod())).isEmpty();
      return;
    }
    assertThat(rows).as("an ApiPermission row for %s", method).contains(method.restMethod());
  }
}
