package dev.pulldoctor.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.Fixtures;
import dev.pulldoctor.diagnose.Investigator.Method;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.gcp.GoogleClients;
import dev.pulldoctor.sandbox.Sandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The audit runs the repository-mode look-ups for a remote, virtual or CMEK repository once per
 * repository, whatever the number of pools that may pull from it, and none for a standard one
 * (issue 15; DESIGN.md §3 "Repository modes").
 */
class AuditRepositoryModesTest {
  private static final String PROD = "acme-prod-417/us-central1/prod";
  private static final String REMOTE = "acme-prod-417/us-central1/services";
  private static final String PLAIN = "acme-prod-417/us-central1/plain";
  private static final List<String> POOLS = List.of("default-pool", "pool-b", "pool-c");
  private static final List<String> MODE_CALLS =
      List.of(
          "ArtifactRegistry/GetVPCSCConfig",
          "ArtifactRegistry/ListRules",
          "SecretManagerService/GetSecretVersion",
          "SecretManagerService/GetIamPolicy",
          "KeyManagementService/GetCryptoKey");

  private Sandbox sandbox;

  @AfterEach
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /**
   * remote-upstream-blocked.json with three pools of one account, and a standard repository {@code
   * plain} beside the blocked remote one, both readable by the nodes.
   */
  private static String world() {
    JsonObject w =
        JsonParser.parseString(Fixtures.text("worlds/remote-upstream-blocked.json"))
            .getAsJsonObject();
    JsonObject project = w.getAsJsonObject("projects").getAsJsonObject("acme-prod-417");
    JsonObject pools =
        project
            .getAsJsonObject("clusters")
            .getAsJsonObject("us-central1/prod")
            .getAsJsonObject("nodePools");
    for (String name : List.of("pool-b", "pool-c")) {
      JsonObject pool = pools.getAsJsonObject("default-pool").deepCopy();
      pool.add(
          "instanceGroups",
          JsonParser.parseString("[\"gke-prod-" + name + "-e5f6a7b8-grp\"]").getAsJsonArray());
      pools.add(name, pool);
    }
    JsonObject plain =
        project.getAsJsonObject("repositories").getAsJsonObject("us-central1/services").deepCopy();
    for (String modeField : List.of("mode", "remote")) {
      plain.remove(modeField);
    }
    plain.add("images", JsonParser.parseString("{\"checkout\": [\"1.8.2\"]}"));
    project.getAsJsonObject("repositories").add("us-central1/plain", plain);
    return w.toString();
  }

  private AuditReport audit(AuditScope scope) {
    sandbox = Audits.serve(world());
    sandbox.calls().reset();
    return Audits.run(GoogleClients.sandbox(sandbox.endpoint()), scope, Method.AUTO);
  }

  @Test
  void aBlockedRemoteRepository_failsEveryPool_withTheLookUpsMadeOncePerRepository() {
    AuditReport report = audit(Audits.projects("acme-prod-417"));
    Map<String, Integer> calls = sandbox.calls().byMethod();

    for (String pool : POOLS) {
      AuditRow remote = Audits.row(report, PROD, pool, REMOTE);
      assertThat(remote.rootCause()).as(pool).isEqualTo(RootCause.REMOTE_UPSTREAM_BLOCKED);
      assertThat(remote.canPull()).isFalse();
      assertThat(remote.advice().commands())
          .contains(
              "gcloud artifacts vpcsc-config allow --project=acme-prod-417 --location=us-central1");
      assertThat(Audits.row(report, PROD, pool, PLAIN).canPull()).as(pool).isTrue();
    }
    assertThat(report.failing()).hasSize(POOLS.size());
    assertThat(calls.get("ArtifactRegistry/GetVPCSCConfig")).as("calls %s", calls).isEqualTo(1);
    assertThat(calls.get("SecretManagerService/GetSecretVersion")).isEqualTo(1);
    assertThat(calls.get("ArtifactRegistry/ListRules")).isEqualTo(1);
    assertThat(calls)
        .as("the listing described the repositories")
        .doesNotContainKey("ArtifactRegistry/GetRepository");
  }

  @Test
  void aNamedStandardRepository_costsNoModeCall_andOneListingOfItsLocation() {
    AuditReport report = audit(Audits.cluster(PROD, PLAIN));
    Map<String, Integer> calls = sandbox.calls().byMethod();

    assertThat(report.failing()).isEmpty();
    for (String call : MODE_CALLS) {
      assertThat(calls).as("calls %s", calls).doesNotContainKey(call);
    }
    // Named repositories are described by one listing of their location, not one GetRepository
    // each: the bench's audit_rpcs bound (accounts + checks + repositories + 1) still holds.
    assertThat(calls.get("ArtifactRegistry/ListRepositories")).isEqualTo(1);
    assertThat(calls).doesNotContainKey("ArtifactRegistry/GetRepository");
  }
}
