package dev.pulldoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.diagnose.Conditions.Context;
import dev.pulldoctor.diagnose.Conditions.Outcome;
import dev.pulldoctor.diagnose.Conditions.Verdict;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CEL subset over real expressions: those of Google's IAM Conditions pages
 * (https://cloud.google.com/iam/docs/configuring-temporary-access,
 * https://cloud.google.com/iam/docs/conditions-attribute-reference, the tag and API-attribute
 * examples) with Artifact Registry names put in where the page names another service.
 */
class ConditionsTest {
  static final Instant NOW = Instant.parse("2026-11-21T09:15:00Z");
  static final String REPO = "projects/acme-prod-417/locations/us-central1/repositories/services";
  static final Context HERE = Context.repository(NOW, REPO);

  static Stream<Arguments> rows() {
    return Stream.of(
        row("request.time < timestamp(\"2020-07-01T00:00:00.000Z\")", Outcome.FALSE),
        row("request.time < timestamp('2027-01-01T00:00:00Z')", Outcome.TRUE),
        row(
            "request.time > timestamp(\"2026-11-01T00:00:00Z\") &&"
                + " request.time < timestamp(\"2026-12-01T00:00:00Z\")",
            Outcome.TRUE),
        row("request.time >= timestamp('2026-11-21T09:15:00Z')", Outcome.TRUE),
        row("request.time > timestamp('2026-11-21T09:15:00Z')", Outcome.FALSE),
        row(
            "resource.name.startsWith(\"projects/acme-prod-417/locations/us-central1/repositories/serv\")",
            Outcome.TRUE),
        row(
            "resource.name.startsWith(\"projects/acme-prod-417/locations/us-central1/repositories/dev-\")",
            Outcome.FALSE),
        row("resource.name == \"" + REPO + "\"", Outcome.TRUE),
        row("resource.name != \"" + REPO + "\"", Outcome.FALSE),
        row("resource.type == \"artifactregistry.googleapis.com/Repository\"", Outcome.TRUE),
        row(
            "resource.type == \"storage.googleapis.com/Bucket\" ||"
                + " resource.type == \"storage.googleapis.com/Object\"",
            Outcome.FALSE),
        row("resource.service == \"artifactregistry.googleapis.com\"", Outcome.TRUE),
        row("!(resource.name.startsWith(\"" + REPO + "\"))", Outcome.FALSE),
        row("!resource.name.startsWith('projects/other/')", Outcome.TRUE),
        row(
            "(request.time < timestamp('2026-06-01T00:00:00Z')) || (resource.type =="
                + " 'artifactregistry.googleapis.com/Repository')",
            Outcome.TRUE),
        // Not evaluated: time functions, tags, API attributes, request attributes.
        row(
            "request.time.getHours(\"Europe/Berlin\") >= 9 &&"
                + " request.time.getHours(\"Europe/Berlin\") <= 17",
            Outcome.UNDECIDED),
        row("request.time.getDayOfWeek(\"Europe/Berlin\") > 0", Outcome.UNDECIDED),
        row("resource.matchTag('123456789012/env', 'prod')", Outcome.UNDECIDED),
        row(
            "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', [])"
                + ".hasOnly(['roles/artifactregistry.reader'])",
            Outcome.UNDECIDED),
        row(
            "request.auth.access_levels.exists(x, x == 'accessPolicies/1/accessLevels/a')",
            Outcome.UNDECIDED),
        row("resource.name.endsWith('/services')", Outcome.TRUE),
        // Three-valued logic: a decided side decides when it can.
        row(
            "request.time < timestamp('2026-06-01T00:00:00Z') &&"
                + " resource.matchTag('123456789012/env', 'prod')",
            Outcome.FALSE),
        row(
            "resource.matchTag('123456789012/env', 'prod') ||"
                + " request.time < timestamp('2027-06-01T00:00:00Z')",
            Outcome.TRUE),
        row(
            "resource.matchTag('123456789012/env', 'prod') &&"
                + " request.time < timestamp('2027-06-01T00:00:00Z')",
            Outcome.UNDECIDED),
        row("request.time < ", Outcome.UNDECIDED),
        row("request.time < timestamp('next week')", Outcome.UNDECIDED));
  }

  static Arguments row(String expression, Outcome expected) {
    return Arguments.of(expression, expected);
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("rows")
  void evaluate_answersTheSubsetAndLeavesTheRestUndecided(String expression, Outcome expected) {
    Verdict v = Conditions.evaluate(expression, HERE);
    assertThat(v.outcome()).as(v.reason()).isEqualTo(expected);
    assertThat(v.reason()).isNotBlank();
  }

  @Test
  void evaluate_anExpiredGrant_saysWhatTheClockReads() {
    Verdict v = Conditions.evaluate("request.time < timestamp('2026-06-01T00:00:00Z')", HERE);

    assertThat(v.reason())
        .isEqualTo(
            "request.time < timestamp('2026-06-01T00:00:00Z') is false"
                + " (request.time is 2026-11-21T09:15:00Z)");
  }

  @Test
  void evaluate_anOtherRepositoryName_saysWhichNameWasChecked() {
    Verdict v =
        Conditions.evaluate(
            "resource.name.startsWith('projects/acme-prod-417/locations/us-central1/repositories/dev-')",
            HERE);

    assertThat(v.reason())
        .isEqualTo(
            "resource.name.startsWith('projects/acme-prod-417/locations/us-central1/repositories/dev-')"
                + " is false (resource.name is '"
                + REPO
                + "')");
  }

  @Test
  void evaluate_anUnknownPart_isNamedInTheReason() {
    Verdict v =
        Conditions.evaluate(
            "resource.matchTag('123456789012/env', 'prod') &&"
                + " request.time < timestamp('2027-06-01T00:00:00Z')",
            HERE);

    assertThat(v.reason()).isEqualTo("resource.matchTag() is not evaluated by Pull Doctor");
  }
}
