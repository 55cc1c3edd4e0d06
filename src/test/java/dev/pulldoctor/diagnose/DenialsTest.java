package dev.pulldoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.diagnose.Conditions.Context;
import dev.pulldoctor.diagnose.Conditions.Outcome;
import dev.pulldoctor.diagnose.Ports.DenyPolicy;
import dev.pulldoctor.diagnose.Ports.DenyRule;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deny rules in the shapes of https://cloud.google.com/iam/docs/deny-access: principal identifiers,
 * exceptions, permission wildcards and denial conditions.
 */
class DenialsTest {
  static final String NODE = "123456789012-compute@developer.gserviceaccount.com";
  static final String ME = "principal://iam.googleapis.com/projects/-/serviceAccounts/" + NODE;
  static final String DOWNLOAD = "artifactregistry.googleapis.com/repositories.downloadArtifacts";
  static final Context HERE =
      Context.repository(
          Instant.parse("2026-11-21T09:15:00Z"),
          "projects/acme-prod-417/locations/us-central1/repositories/services");

  static DenyRule rule(
      List<String> principals, List<String> except, List<String> permissions, Condition c) {
    return new DenyRule(principals, except, permissions, List.of(), c);
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of(
            "the account itself", rule(List.of(ME), List.of(), List.of(DOWNLOAD), null), "TRUE"),
        Arguments.of(
            "everyone",
            rule(List.of("principalSet://goog/public:all"), List.of(), List.of(DOWNLOAD), null),
            "TRUE"),
        Arguments.of(
            "everyone except the account",
            rule(List.of("principalSet://goog/public:all"), List.of(ME), List.of(DOWNLOAD), null),
            "none"),
        Arguments.of(
            "another account",
            rule(
                List.of(
                    "principal://iam.googleapis.com/projects/-/serviceAccounts/ci@x.iam.gserviceaccount.com"),
                List.of(),
                List.of(DOWNLOAD),
                null),
            "none"),
        Arguments.of(
            "a group Pull Doctor cannot resolve",
            rule(
                List.of("principalSet://goog/group/devs@acme.example"),
                List.of(),
                List.of(DOWNLOAD),
                null),
            "UNDECIDED"),
        Arguments.of(
            "a wildcard of the repository permissions",
            rule(
                List.of(ME),
                List.of(),
                List.of("artifactregistry.googleapis.com/repositories.*"),
                null),
            "TRUE"),
        Arguments.of(
            "every permission of the service",
            rule(List.of(ME), List.of(), List.of("artifactregistry.googleapis.com/*"), null),
            "TRUE"),
        Arguments.of(
            "another permission",
            rule(
                List.of(ME),
                List.of(),
                List.of("artifactregistry.googleapis.com/repositories.uploadArtifacts"),
                null),
            "none"),
        Arguments.of(
            "a denial condition that holds",
            rule(
                List.of(ME),
                List.of(),
                List.of(DOWNLOAD),
                new Condition("", "resource.type == 'artifactregistry.googleapis.com/Repository'")),
            "TRUE"),
        Arguments.of(
            "a denial condition that does not hold",
            rule(
                List.of(ME),
                List.of(),
                List.of(DOWNLOAD),
                new Condition("", "request.time < timestamp('2026-01-01T00:00:00Z')")),
            "none"),
        Arguments.of(
            "a tag condition",
            rule(
                List.of(ME),
                List.of(),
                List.of(DOWNLOAD),
                new Condition("", "resource.matchTag('4455/env', 'prod')")),
            "UNDECIDED"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("rows")
  void of_findsTheRulesThatDenyTheNodesPull(String name, DenyRule rule, String expected) {
    List<Denials.Hit> hits =
        Denials.of(
            List.of(
                new DenyPolicy("policies/p/denypolicies/d", "organizations/4455", List.of(rule))),
            NODE,
            RoleCatalog.DOWNLOAD,
            HERE);

    if (expected.equals("none")) {
      assertThat(hits).isEmpty();
    } else {
      assertThat(hits)
          .singleElement()
          .extracting(Denials.Hit::outcome)
          .isEqualTo(Outcome.valueOf(expected));
      assertThat(hits.get(0).describe())
          .startsWith(
              "policies/p/denypolicies/d rule 0, attached to the organization organizations/4455");
    }
  }
}
