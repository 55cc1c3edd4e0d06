package dev.pulldoctor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.diagnose.Investigator.Method;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.gcp.GoogleClients;
import dev.pulldoctor.sandbox.Sandbox;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audit over a generated fleet — 4 clusters × 3 node pools × 6 repositories, pools sharing
 * accounts — through the production adapters: what it finds, what it costs in API calls, and that
 * it asks in parallel.
 */
class AuditAtScaleTest {
  private static final GeneratedFleet FLEET = new GeneratedFleet(4, 3, 6, true);

  private Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private AuditReport audit(GeneratedFleet fleet, Method method) {
    sandbox = Audits.serve(fleet.json());
    return Audits.run(
        GoogleClients.sandbox(sandbox.endpoint()), Audits.projects(GeneratedFleet.PROJECT), method);
  }

  @Test
  void audit_findsExactlyThePairsThatCannotPull() {
    AuditReport report = audit(FLEET, Method.AUTO);

    assertThat(report.rows()).hasSize(FLEET.pairs());
    assertThat(report.clusters()).isEqualTo(4);
    assertThat(report.nodePools()).isEqualTo(12);
    assertThat(report.serviceAccounts()).isEqualTo(FLEET.accounts().size()).isEqualTo(4);
    assertThat(report.repositories()).as("Docker repositories only").isEqualTo(6);
    for (int c = 0; c < 4; c++) {
      for (int p = 0; p < 3; p++) {
        for (int r = 0; r < 6; r++) {
          AuditRow row = Audits.row(report, FLEET.cluster(c), "pool-" + p, FLEET.repository(r));
          assertThat(row.canPull())
              .as("%s pool-%d %s", FLEET.cluster(c), p, FLEET.repository(r))
              .isEqualTo(FLEET.canPull(p, r));
          assertThat(row.serviceAccount()).isEqualTo(FLEET.account(c, p));
          if (!row.canPull()) {
            // The cluster's other pools run as readers of the project: the grant went to them.
            assertThat(row.rootCause()).isEqualTo(RootCause.GRANT_ON_OTHER_ACCOUNT);
          }
        }
      }
    }
    assertThat(report.rows()).isSortedAccordingTo(AuditRow.ORDER);
  }

  @Test
  void audit_makesOneTokenPerAccount_oneCheckPerAccountAndRepository_andReadsEachPolicyOnce() {
    AuditReport report = audit(FLEET, Method.AUTO);
    Map<String, Integer> calls = sandbox.calls().byMethod();
    System.out.println("generated fleet " + FLEET.pairs() + " pairs, calls: " + calls);

    int accounts = FLEET.accounts().size();
    int repositories = 6;
    int accountRepositoryPairs = accounts * repositories;
    assertThat(report.accessChecks()).isEqualTo(accountRepositoryPairs);
    assertThat(calls.get("IAMCredentials/GenerateAccessToken")).isEqualTo(accounts);
    assertThat(calls.get("ArtifactRegistry/TestIamPermissions")).isEqualTo(accountRepositoryPairs);
    assertThat(calls.get("ArtifactRegistry/GetIamPolicy"))
        .as("read only for the 3 repositories a pair cannot pull from")
        .isEqualTo(3);
    assertThat(calls.get("Projects/GetIamPolicy")).isEqualTo(1);
    assertThat(calls.get("Projects/GetProject")).isEqualTo(1);
    assertThat(calls)
        .doesNotContainKeys(
            "ArtifactRegistry/GetRepository",
            "IAM/GetServiceAccount",
            "PolicyTroubleshooter/TroubleshootIamPolicy",
            "ClusterManager/GetCluster");

    int audit = sandbox.calls().totalExcept(Audits.LISTING.toArray(String[]::new));
    assertThat(audit)
        .as("calls beyond listing the fleet: %s", calls)
        .isLessThanOrEqualTo(accounts + accountRepositoryPairs + repositories);
    assertThat(calls.get("ClusterManager/ListClusters")).isEqualTo(1);
    assertThat(calls.get("Locations/ListLocations")).isEqualTo(1);
  }

  @Test
  void audit_withoutTokenCreator_asksForEachAccountsTokenOnce_andFallsBack() {
    AuditReport report = audit(new GeneratedFleet(4, 3, 6, false), Method.AUTO);
    Map<String, Integer> calls = sandbox.calls().byMethod();

    assertThat(calls.get("IAMCredentials/GenerateAccessToken"))
        .as("a refusal is remembered")
        .isEqualTo(FLEET.accounts().size());
    assertThat(calls.get("PolicyTroubleshooter/TroubleshootIamPolicy"))
        .isEqualTo(FLEET.accounts().size() * 6);
    assertThat(calls.get("IAM/GetServiceAccount")).isEqualTo(FLEET.accounts().size());
    assertThat(report.failing()).hasSize(12);
  }

  @ParameterizedTest
  @EnumSource(Method.class)
  void everyMethod_reachesTheSameVerdicts(Method method) {
    Map<String, String> verdicts = verdicts(audit(FLEET, method));
    sandbox.close();
    Map<String, String> byAuto = verdicts(audit(FLEET, Method.AUTO));

    assertThat(verdicts).isEqualTo(byAuto);
  }

  @Test
  void pairs_areCheckedInParallel_soWallTimeIsAFewRoundsOfLatency() {
    sandbox = Audits.serve(FLEET.json());
    Duration latency = Duration.ofMillis(150);
    sandbox.faults().delay("ArtifactRegistry/TestIamPermissions", latency, -1);
    AtomicInteger lastReported = new AtomicInteger();

    long start = System.nanoTime();
    AuditReport report =
        Audits.run(
            GoogleClients.sandbox(sandbox.endpoint()),
            Audits.projects(GeneratedFleet.PROJECT),
            Method.AUTO,
            new Auditor.Progress() {
              @Override
              public void started(int pairs, int accessChecks) {}

              @Override
              public void checked(int done, int total) {
                lastReported.accumulateAndGet(done, Math::max);
              }
            });
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    Duration sequential = latency.multipliedBy(report.accessChecks());
    assertThat(took).as("24 checks of 150 ms, 16 at a time").isLessThan(sequential.dividedBy(3));
    assertThat(lastReported.get()).isEqualTo(FLEET.pairs());
  }

  private static Map<String, String> verdicts(AuditReport report) {
    return report.rows().stream()
        .collect(
            Collectors.toMap(
                r -> r.cluster() + " " + r.nodePool() + " " + r.repository(),
                r -> r.canPull() ? "yes" : r.rootCause().name(),
                (a, b) -> a,
                TreeMap::new));
  }
}
