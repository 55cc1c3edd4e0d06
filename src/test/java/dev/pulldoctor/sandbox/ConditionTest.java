package dev.pulldoctor.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sandbox's evaluation of the CEL subset of IAM Conditions, row by row. */
class ConditionTest {

  private static final String REPO =
      "projects/shop-prod-2291/locations/europe-west4/repositories/apps";
  private static final Condition.Facts FACTS =
      new Condition.Facts(
          Instant.parse("2026-11-21T09:15:00Z"),
          REPO,
          "artifactregistry.googleapis.com/Repository");

  private static boolean holds(String expression) {
    return new Condition("t", "", expression).holds(FACTS);
  }

  @Test
  void expressions_evaluateAsCelDoes() {
    record Row(String expression, boolean holds) {}
    List<Row> rows =
        List.of(
            new Row("request.time < timestamp('2026-12-01T00:00:00Z')", true),
            new Row("request.time < timestamp('2026-06-01T00:00:00Z')", false),
            new Row("request.time <= timestamp('2026-11-21T09:15:00Z')", true),
            new Row("request.time > timestamp(\"2026-11-21T09:15:00.000Z\")", false),
            new Row("request.time >= timestamp('2026-11-21T10:15:00+01:00')", true),
            new Row("request.time == timestamp('2026-11-21T09:15:00Z')", true),
            new Row("request.time != timestamp('2026-11-21T09:15:00Z')", false),
            new Row(
                "resource.name.startsWith('projects/shop-prod-2291/locations/europe-west4/')",
                true),
            new Row("resource.name.startsWith('projects/shop-prod-2291/locations/us/')", false),
            new Row("resource.name.endsWith('/repositories/apps')", true),
            new Row("resource.name == '" + REPO + "'", true),
            new Row("resource.name == '" + REPO + "-old'", false),
            new Row("resource.type == 'artifactregistry.googleapis.com/Repository'", true),
            new Row("resource.service == 'artifactregistry.googleapis.com'", true),
            new Row("resource.service != 'artifactregistry.googleapis.com'", false),
            new Row("!(resource.type == 'artifactregistry.googleapis.com/Repository')", false),
            new Row(
                "resource.type != 'artifactregistry.googleapis.com/Repository' ||"
                    + " resource.name.startsWith('projects/shop-prod-2291/')",
                true),
            new Row(
                "request.time < timestamp('2026-06-01T00:00:00Z') && resource.name == '"
                    + REPO
                    + "'",
                false),
            new Row("(request.time < timestamp('2026-06-01T00:00:00Z') || true) && !false", true));
    assertSoftly(
        soft -> {
          for (Row r : rows) {
            soft.assertThat(holds(r.expression())).as(r.expression()).isEqualTo(r.holds());
          }
        });
  }

  @Test
  void expressionsOutsideTheSubset_orBadlyTyped_areRefusedWhenBuilt() {
    record Row(String expression, String message) {}
    List<Row> rows =
        List.of(
            new Row("", "empty expression"),
            new Row("request.time < timestamp('tomorrow')", "not an RFC 3339 time"),
            new Row("request.time < '2026-06-01'", "cannot compare a timestamp with a string"),
            new Row("resource.name", "expected a bool"),
            new Row("resource.name.contains('apps')", "only startsWith and endsWith"),
            new Row("resource.matchTag('env', 'prod')", "not resource.matchTag"),
            new Row("request.auth.claims.x == 'y'", "not request.auth"),
            new Row("api.getAttribute('x', []) == 'y'", "not api.getAttribute"),
            new Row("resource.name == 'a' &&", "unexpected end of expression"),
            new Row("(resource.name == 'a'", "expected )"),
            new Row("resource.name == 'a", "unterminated string"),
            new Row("request.time.getHours() < 9", "only startsWith and endsWith"),
            new Row("resource.name == 'a' ; true", "unexpected character ';'"));
    for (Row r : rows) {
      assertThatThrownBy(() -> new Condition("t", "", r.expression()))
          .as(r.expression())
          .isInstanceOf(Condition.SyntaxException.class)
          .hasMessageContaining(r.message());
    }
  }

  @Test
  void aConditionWithoutATitle_isRefused() {
    assertThatThrownBy(() -> new Condition(" ", "", "true")).hasMessageContaining("needs a title");
    assertThat(new Condition("t", null, "true").description()).isEmpty();
  }
}
