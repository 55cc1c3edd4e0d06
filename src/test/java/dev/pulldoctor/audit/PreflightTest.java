package dev.pulldoctor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.diagnose.Investigator.Method;
import dev.pulldoctor.diagnose.RoleCatalog;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.gcp.GoogleClients;
import dev.pulldoctor.manifest.ManifestReader;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pre-flight through the production adapters: the verdicts, and what they cost — each look-up
 * of the investigation made once per run, however many containers and pools share it.
 */
class PreflightTest {
  static final ClusterRef PROD = ClusterRef.parse("acme-prod-417/us-central1/prod");

  private Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private PreflightReport preflight(String manifest, Method method) throws Exception {
    sandbox = Audits.serve(Files.readString(Path.of("src/test/resources/worlds/preflight.json")));
    String file = "src/test/resources/manifests/" + manifest;
    try (Engine engine =
        new Engine(
            Config.defaultsOnly(),
            GoogleClients.sandbox(sandbox.endpoint()),
            Clock.systemUTC(),
            method)) {
      return new Preflight(
              engine.gcp().directories(engine.clusters()),
              RoleCatalog.predefined(),
              method,
              Auditor.DEFAULT_PARALLELISM)
          .run(PROD, ManifestReader.read(file, Files.readString(Path.of(file))));
    }
  }

  @Test
  void preflight_asksEachQuestionOnce_andReadsPoliciesOnlyForRefusedRepositories()
      throws Exception {
    PreflightReport report = preflight("failing.yaml", Method.AUTO);
    Map<String, Integer> calls = new TreeMap<>(sandbox.calls().byMethod());
    System.out.println("preflight of failing.yaml, calls: " + calls);

    // (batch, tools), (batch, services), (compute, web), (batch, web), (compute, services)
    assertThat(report.accessChecks()).isEqualTo(5);
    assertThat(calls)
        .as("one token per account, one check per (account, repository): %s", calls)
        .containsEntry("IAMCredentials/GenerateAccessToken", 2)
        .containsEntry("ArtifactRegistry/TestIamPermissions", 5)
        .doesNotContainKeys("PolicyTroubleshooter/TroubleshootIamPolicy", "IAM/GetServiceAccount")
        .containsEntry("ClusterManager/GetCluster", 1)
        .containsEntry("Projects/GetProject", 1)
        .containsEntry("Projects/GetIamPolicy", 1)
        .as("tools and web, the two repositories a pool is refused")
        .containsEntry("ArtifactRegistry/GetIamPolicy", 2)
        .doesNotContainKey("ArtifactRegistry/GetRepository");
    int versionLookups =
        calls.entrySet().stream()
            .filter(
                e ->
                    e.getKey()
                        .matches(
                            "ArtifactRegistry/(ListTags|ListDockerImages|GetTag|GetDockerImage)"))
            .mapToInt(Map.Entry::getValue)
            .sum();
    assertThat(versionLookups)
        .as("checkout:1.8.2, storefront:5.0 and the report's digest, each once")
        .isEqualTo(3);
    assertThat(report.failing()).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void everyMethod_reachesTheSameVerdicts(Method method) throws Exception {
    Map<String, String> verdicts = verdicts(preflight("failing.yaml", method));
    sandbox.close();
    Map<String, String> byAuto = verdicts(preflight("failing.yaml", Method.AUTO));

    assertThat(verdicts).isEqualTo(byAuto);
    assertThat(byAuto)
        .containsEntry(
            "Deployment/shop/checkout migrate batch", RootCause.GRANT_ON_OTHER_ACCOUNT.name())
        .containsEntry("CronJob/shop/nightly-report report default-pool", "IMAGE_NOT_FOUND");
  }

  private static Map<String, String> verdicts(PreflightReport report) {
    return report.rows().stream()
        .collect(
            Collectors.toMap(
                r -> r.workload().id() + " " + r.container().name() + " " + r.nodePool(),
                r -> r.skipped() ? "skipped" : r.canPull() ? "yes" : r.rootCause().name(),
                (a, b) -> a,
                TreeMap::new));
  }
}
