package dev.pulldoctor.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.pulldoctor.Fixtures;
import dev.pulldoctor.SharedSandbox;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.intake.Decoded;
import dev.pulldoctor.intake.EventDecoder;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One world per root cause, diagnosed through the production adapters and the official Google
 * clients against the sandbox (DESIGN.md §3, §8).
 */
public class InvestigatorScenarioTest {
  static final String SEED_IMAGE =
      "us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2";
  static final String SEED_NODE = "gke-prod-default-pool-a1b2c3d4-9xkz";
  static final String COMPUTE = "123456789012-compute@developer.gserviceaccount.com";

  /** The worlds' {@code now}: the investigation's clock reads what the sandbox's does. */
  public static final Clock WORLD_TIME =
      Clock.fixed(Instant.parse("2026-11-21T09:15:00Z"), ZoneOffset.UTC);

  /** A scenario: world, the event's image, node and message, and what must be found. */
  public record Scenario(
      String world,
      String image,
      String node,
      String cluster,
      String message,
      RootCause cause,
      String pool,
      String account) {
    public Scenario(String world, RootCause cause) {
      this(world, SEED_IMAGE, SEED_NODE, "prod", null, cause, "default-pool", COMPUTE);
    }

    Scenario image(String i) {
      return new Scenario(world, i, node, cluster, message, cause, pool, account);
    }

    Scenario node(String n, String c, String p, String a) {
      return new Scenario(world, image, n, c, message, cause, p, a);
    }

    Scenario message(String m) {
      return new Scenario(world, image, node, cluster, m, cause, pool, account);
    }
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
            new Scenario("missing-reader", RootCause.NODE_SA_MISSING_READER),
            new Scenario("cross-project", RootCause.CROSS_PROJECT_GRANT_MISSING)
                .image("us-central1-docker.pkg.dev/acme-shared/base/checkout:1.8.2"),
            new Scenario("grant-on-other-account", RootCause.GRANT_ON_OTHER_ACCOUNT),
            new Scenario("legacy-gcr", RootCause.LEGACY_GCR_PERMISSIONS)
                .image("gcr.io/acme-prod-417/checkout:1.8.2"),
            new Scenario("deny-policy", RootCause.DENY_POLICY),
            new Scenario("narrow-scopes", RootCause.MISSING_OAUTH_SCOPES),
            new Scenario("account-disabled", RootCause.NODE_SA_DISABLED),
            new Scenario("account-deleted", RootCause.NODE_SA_NOT_FOUND)
                .node(
                    SEED_NODE,
                    "prod",
                    "default-pool",
                    "old-nodes@acme-prod-417.iam.gserviceaccount.com"),
            new Scenario("repository-missing", RootCause.REPOSITORY_NOT_FOUND)
                .node(SEED_NODE, "prod", null, null),
            new Scenario("repository-other-location", RootCause.REPOSITORY_IN_OTHER_LOCATION)
                .node(SEED_NODE, "prod", null, null),
            new Scenario("access-granted", RootCause.IMAGE_NOT_FOUND)
                .image("us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.9.0"),
            new Scenario("access-granted", RootCause.ACCESS_NOW_GRANTED),
            new Scenario("registry-api-disabled", RootCause.API_DISABLED)
                .node(SEED_NODE, "prod", null, null),
            new Scenario("pull-doctor-unprivileged", RootCause.INSPECTION_DENIED)
                .node(SEED_NODE, "prod", null, null),
            new Scenario("missing-reader", RootCause.UNDETERMINED)
                .node("gke-other-cluster-pool-00000000-abcd", "prod", null, null),
            new Scenario("missing-reader", RootCause.VPC_SERVICE_CONTROLS)
                .node(SEED_NODE, "prod", null, null)
                .message(
                    "Failed to pull image \""
                        + SEED_IMAGE
                        + "\": rpc error: code = Unknown desc = "
                        + "Error response from daemon: Get https://us-central1-docker.pkg.dev/v2/: "
                        + "denied: Request is prohibited by organization's policy. "
                        + "vpcServiceControlsUniqueIdentifier: 5c2d7b1e9a"),
            new Scenario("condition-expired", RootCause.CONDITION_NOT_MET),
            new Scenario("condition-other-repository", RootCause.CONDITION_NOT_MET),
            new Scenario("condition-holds", RootCause.ACCESS_NOW_GRANTED),
            new Scenario("deny-on-organization", RootCause.DENY_POLICY),
            new Scenario("grant-on-folder", RootCause.ACCESS_NOW_GRANTED),
            new Scenario("pull-doctor-no-folder-read", RootCause.INSPECTION_DENIED),
            new Scenario("many-pools", RootCause.NODE_SA_MISSING_READER)
                .node(
                    "gke-prod-pool-a-2-55556666-x7k2",
                    "prod",
                    "pool-a-2",
                    "pool-a-2@acme-prod-417.iam.gserviceaccount.com"),
            new Scenario("many-pools", RootCause.NODE_SA_MISSING_READER)
                .node(
                    "gke-prod-pool-a-11112222-q9zz",
                    "prod",
                    "pool-a",
                    "pool-a@acme-prod-417.iam.gserviceaccount.com"),
            new Scenario("many-pools", RootCause.NODE_SA_MISSING_READER)
                .node(
                    "gke-payments-processi-high-memory-work-0a1b2c3d-5mn8",
                    "payments-processing-production-east",
                    "high-memory-workers-pool",
                    COMPUTE),
            new Scenario("many-pools", RootCause.NODE_SA_MISSING_READER)
                .node(
                    "gk3-autopilot-prod-pool-1-7c6b5a49-ab12", "autopilot-prod", "pool-1", COMPUTE))
        .map(s -> Arguments.of(s.world() + " -> " + s.cause() + " (" + s.node() + ")", s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void investigate_provesTheRootCause_throughTheOfficialClients(String name, Scenario s) {
    SharedSandbox.load("worlds/" + s.world() + ".json");
    try (Engine engine = new Engine(Config.defaultsOnly(), SharedSandbox.clients(), WORLD_TIME)) {
      Diagnosis d = engine.investigator().investigate(failure(s));

      assertThat(d.rootCause())
          .as(
              "root cause; summary: %s; evidence: %s",
              d.summary(), DiagnosisView.evidence(d.evidence()))
          .isEqualTo(s.cause());
      if (s.pool() != null) {
        assertThat(d.evidence().nodePool()).isEqualTo(s.pool());
        assertThat(d.evidence().nodeServiceAccount()).isEqualTo(s.account());
      }
      assertThat(d.summary()).isNotBlank();
    }
  }

  public static PullFailure failure(Scenario s) {
    JsonObject entry = Fixtures.logEntry("seed-403-logentry.json");
    JsonObject payload = entry.getAsJsonObject("jsonPayload");
    String message =
        s.message() != null
            ? s.message()
            : payload.get("message").getAsString().replace(SEED_IMAGE, s.image());
    payload.addProperty("message", message);
    payload.getAsJsonObject("source").addProperty("host", s.node());
    entry
        .getAsJsonObject("resource")
        .getAsJsonObject("labels")
        .addProperty("cluster_name", s.cluster());
    Decoded decoded = new EventDecoder().decodeCloudEvent("scenario", Fixtures.pubSubData(entry));
    return ((Decoded.Failure) decoded).failure();
  }

  static Map<String, Object> view(Diagnosis d) {
    return DiagnosisView.of(d);
  }
}
