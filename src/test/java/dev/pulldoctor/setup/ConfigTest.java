package dev.pulldoctor.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.remediate.RemediationMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

  @Test
  void from_takesTheDocumentedDefaults_whenNothingIsSet() {
    Config c = Config.from(Map.of());
    assertThat(c.findingsCollection()).isEqualTo("pullFindings");
    assertThat(c.diagnosisTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.maxEventAge()).isEqualTo(Duration.ofHours(1));
    assertThat(c.remediationMode()).isEqualTo(RemediationMode.DRY_RUN);
    assertThat(c.remediationAllowedProjects()).isEmpty();
    assertThat(c.remediationMaxPerHour()).isEqualTo(10);
    assertThat(c.errorReporting()).isTrue();
    assertThat(c.accessCheckMethod()).isEqualTo(Config.AccessCheckMethod.AUTO);
  }

  @Test
  void from_readsEveryKindOfValue() {
    Config c =
        Config.from(
            Map.of(
                "REMEDIATION_MODE",
                "apply",
                "REMEDIATION_ALLOWED_PROJECTS",
                " acme-prod-417, acme-shared ",
                "REMEDIATION_ALLOWED_PAIRS",
                "acme-dev-205 > acme-shared,acme-ci>acme-shared",
                "DIAGNOSIS_TTL",
                "PT30S",
                "ERROR_REPORTING",
                "off",
                "ACCESS_CHECK_METHOD",
                "troubleshooter"));
    assertThat(c.remediationMode()).isEqualTo(RemediationMode.APPLY);
    assertThat(c.remediationAllowedProjects())
        .containsExactlyInAnyOrder("acme-prod-417", "acme-shared");
    assertThat(c.remediationAllowedPairs())
        .containsExactlyInAnyOrder("acme-dev-205>acme-shared", "acme-ci>acme-shared");
    assertThat(c.diagnosisTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.errorReporting()).isFalse();
    assertThat(c.accessCheckMethod()).isEqualTo(Config.AccessCheckMethod.TROUBLESHOOTER);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "REMEDIATION_MODE, yes, 'REMEDIATION_MODE=''yes'' must be one of off|dry-run|apply'",
    "DIAGNOSIS_TTL, soon, 'DIAGNOSIS_TTL=''soon'' is not a duration'",
    "DIAGNOSIS_TTL, 0s, 'DIAGNOSIS_TTL=''0s'' must be positive'",
    "ERROR_REPORTING, maybe, 'ERROR_REPORTING=''maybe'' must be on or off'",
    "REMEDIATION_MAX_PER_HOUR, ten, 'REMEDIATION_MAX_PER_HOUR=''ten'' must be a whole number'",
    "FINDINGS_COLLECTION, '', 'FINDINGS_COLLECTION='''' must not be empty'",
    "REMEDIATION_ALLOWED_PAIRS, acme-shared, 'REMEDIATION_ALLOWED_PAIRS=''acme-shared'' must list"
        + " CLUSTER_PROJECT>REPOSITORY_PROJECT pairs'",
  })
  void from_stopsWithAMessageNamingTheVariable_forAnInvalidValue(
      String name, String value, String message) {
    assertThatThrownBy(() -> Config.from(Map.of(name, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
