package dev.pulldoctor.dashboard;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.Fixtures;
import dev.pulldoctor.diagnose.Diagnosis;
import dev.pulldoctor.diagnose.DiagnosisView;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingRemediation;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.PullFailure;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.gcp.GoogleClients;
import dev.pulldoctor.intake.Decoded;
import dev.pulldoctor.intake.EventDecoder;
import dev.pulldoctor.remediate.RemediationPlan;
import dev.pulldoctor.sandbox.Sandbox;
import dev.pulldoctor.sandbox.World;
import dev.pulldoctor.setup.Config;
import dev.pulldoctor.setup.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings as the function would store them for the scenario worlds: each is diagnosed for real,
 * through the production adapters against the sandbox, and its evidence and advice are the {@link
 * DiagnosisView} maps the function writes. Occurrences, times, pods and the remediation state are
 * set here, like a fleet's morning.
 */
final class ScenarioFindings {
  static final String SEED_IMAGE =
      "us-central1-docker.pkg.dev/acme-prod-417/services/checkout:1.8.2";
  static final String SEED_NODE = "gke-prod-default-pool-a1b2c3d4-9xkz";

  /** The pod name the page must show as text, never run. */
  static final String SCRIPT_POD = "prod/<script>alert(1)</script>";

  /** One incident: its world, the event's image and node, and what the fleet made of it. */
  record Scenario(
      String world,
      String image,
      String node,
      String cluster,
      RootCause expected,
      FindingStatus status,
      long occurrences,
      Duration firstSeenAgo,
      Duration lastSeenAgo,
      List<String> pods) {}

  /**
   * A fleet: most worlds define one cluster, {@code prod}, so the incidents that share its pool and
   * repository are spread over clusters of other names (the world's cluster is renamed; its node
   * pools and instance groups stay, and so does the node's resolution to its pool).
   */
  static List<Scenario> scenarios() {
    return List.of(
        scenario(
            "missing-reader",
            SEED_IMAGE,
            SEED_NODE,
            "prod",
            RootCause.NODE_SA_MISSING_READER,
            FindingStatus.OPEN,
            184,
            20,
            0,
            "prod/checkout-7d9c8b6f4-q2xnv",
            "prod/checkout-7d9c8b6f4-h8m2p",
            SCRIPT_POD),
        scenario(
            "cross-project",
            "us-central1-docker.pkg.dev/acme-shared/base/checkout:1.8.2",
            SEED_NODE,
            "prod",
            RootCause.CROSS_PROJECT_GRANT_MISSING,
            FindingStatus.OPEN,
            57,
            9,
            1,
            "prod/checkout-5b8f7c9d6-l4kq9"),
        scenario(
            "legacy-gcr",
            "gcr.io/acme-prod-417/checkout:1.8.2",
            SEED_NODE,
            "prod",
            RootCause.LEGACY_GCR_PERMISSIONS,
            FindingStatus.OPEN,
            12,
            4,
            3,
            "legacy/checkout-6f7d8c9b5-z9r2d"),
        scenario(
            "grant-on-other-account",
            "checkout-canary",
            RootCause.GRANT_ON_OTHER_ACCOUNT,
            33,
            6,
            2,
            "prod/cart-6c5d4b3a2-w7tx2"),
        scenario(
            "deny-policy",
            "payments",
            RootCause.DENY_POLICY,
            21,
            14,
            1,
            "payments/checkout-7d9c8b6f4-p5n7c"),
        scenario(
            "narrow-scopes",
            "batch",
            RootCause.MISSING_OAUTH_SCOPES,
            9,
            3,
            0,
            "batch/nightly-report-28712340-9wq4t"),
        scenario(
            "account-disabled",
            "staging",
            RootCause.NODE_SA_DISABLED,
            42,
            11,
            5,
            "staging/checkout-7d9c8b6f4-k2j8s"),
        scenario(
            "repository-missing",
            "dev",
            RootCause.REPOSITORY_NOT_FOUND,
            6,
            2,
            2,
            "dev/checkout-7d9c8b6f4-d3f6g"),
        scenario(
            "many-pools",
            SEED_IMAGE,
            "gke-payments-processi-high-memory-work-0a1b2c3d-5mn8",
            "payments-processing-production-east",
            RootCause.NODE_SA_MISSING_READER,
            FindingStatus.OPEN,
            96,
            16,
            0,
            "payments/ledger-5f6e7d8c9-b2n4m",
            "payments/ledger-5f6e7d8c9-c7v1x"),
        scenario(
            "many-pools",
            SEED_IMAGE,
            "gk3-autopilot-prod-pool-1-7c6b5a49-ab12",
            "autopilot-prod",
            RootCause.NODE_SA_MISSING_READER,
            FindingStatus.OPEN,
            18,
            7,
            4,
            "web/frontend-8c7b6a5d4-r5t6y"),
        scenario(
            "many-pools",
            SEED_IMAGE,
            "gke-prod-pool-a-11112222-q9zz",
            "prod",
            RootCause.NODE_SA_MISSING_READER,
            FindingStatus.REMEDIATED,
            27,
            23,
            19,
            "prod/search-7a6b5c4d3-m1n2b"),
        scenario(
            "access-granted",
            "edge",
            RootCause.ACCESS_NOW_GRANTED,
            4,
            22,
            21,
            "edge/checkout-7d9c8b6f4-a1s2d"));
  }

  /** A scenario of the seed image and node, in a cluster renamed to {@code cluster}. */
  private static Scenario scenario(
      String world,
      String cluster,
      RootCause cause,
      long occurrences,
      long firstHoursAgo,
      long lastHoursAgo,
      String... pods) {
    FindingStatus status =
        cause == RootCause.ACCESS_NOW_GRANTED ? FindingStatus.RESOLVED : FindingStatus.OPEN;
    return scenario(
        world,
        SEED_IMAGE,
        SEED_NODE,
        cluster,
        cause,
        status,
        occurrences,
        firstHoursAgo,
        lastHoursAgo,
        pods);
  }

  private static Scenario scenario(
      String world,
      String image,
      String node,
      String cluster,
      RootCause cause,
      FindingStatus status,
      long occurrences,
      long firstHoursAgo,
      long lastHoursAgo,
      String... pods) {
    return new Scenario(
        world,
        image,
        node,
        cluster,
        cause,
        status,
        occurrences,
        Duration.ofHours(firstHoursAgo),
        Duration.ofHours(lastHoursAgo).plusMinutes(7),
        List.of(pods));
  }

  /** Every scenario diagnosed for real, as findings last seen relative to {@code now}. */
  static List<Finding> diagnosed(Instant now) {
    List<Finding> findings = new ArrayList<>();
    for (Scenario s : scenarios()) {
      Sandbox sandbox;
      try {
        sandbox = Sandbox.start(World.parse(world(s)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try (Engine engine =
          new Engine(
              Config.defaultsOnly(),
              GoogleClients.sandbox(sandbox.endpoint()),
              Clock.systemUTC())) {
        PullFailure failure = failure(s);
        Diagnosis d = engine.investigator().investigate(failure);
        if (d.rootCause() != s.expected()) {
          throw new IllegalStateException(
              s.world() + ": expected " + s.expected() + ", diagnosed " + d.rootCause());
        }
        findings.add(finding(s, failure, d, now));
      } finally {
        sandbox.close();
      }
    }
    return findings;
  }

  /** The scenario's world, its cluster {@code us-central1/prod} renamed when asked. */
  private static String world(Scenario s) {
    JsonObject world =
        JsonParser.parseString(Fixtures.text("worlds/" + s.world() + ".json")).getAsJsonObject();
    JsonObject clusters =
        world
            .getAsJsonObject("projects")
            .getAsJsonObject("acme-prod-417")
            .getAsJsonObject("clusters");
    String wanted = "us-central1/" + s.cluster();
    if (!clusters.has(wanted)) {
      JsonElement prod = clusters.remove("us-central1/prod");
      if (prod == null) {
        throw new IllegalStateException(
            s.world() + " has neither " + wanted + " nor a prod cluster");
      }
      clusters.add(wanted, prod);
    }
    return world.toString();
  }

  static Finding finding(Scenario s, PullFailure failure, Diagnosis d, Instant now) {
    RepositoryRef repo = failure.image().repositoryRef();
    IncidentKey key = new IncidentKey(failure.cluster(), d.evidence().nodePool(), repo);
    Instant lastSeen = now.minus(s.lastSeenAgo());
    return new Finding(
        key.fingerprint(),
        s.status(),
        failure.failureKind(),
        d.rootCause(),
        d.summary(),
        failure.cluster().toString(),
        failure.cluster().project(),
        failure.cluster().location(),
        failure.cluster().name(),
        key.nodePool(),
        d.evidence().nodeServiceAccount(),
        repo.toString(),
        repo.project(),
        repo.location(),
        repo.name(),
        failure.image().raw(),
        s.occurrences(),
        now.minus(s.firstSeenAgo()),
        lastSeen,
        lastSeen,
        s.pods(),
        s.pods().stream().map(p -> p.substring(0, p.indexOf('/'))).distinct().toList(),
        DiagnosisView.evidenceOf(d.evidence()),
        DiagnosisView.adviceOf(d.advice()),
        FindingRemediation.of(remediation(s, d)),
        null);
  }

  /** Dry-run plans for the grants, one applied and verified grant, refusals for the rest. */
  private static Map<String, Object> remediation(Scenario s, Diagnosis d) {
    Map<String, Object> r = new LinkedHashMap<>();
    String member = d.evidence().nodeMember();
    if (!d.rootCause().fixedByGrant() || d.evidence().repository() == null) {
      r.put("mode", "dry-run");
      r.put("plan", null);
      r.put("applied", false);
      r.put("verified", false);
      r.put(
          "refusedBecause", "root cause " + d.rootCause() + " is not fixed by a repository grant");
      return r;
    }
    RemediationPlan plan = RemediationPlan.grant(d.evidence().repository(), member);
    boolean applied = s.status() == FindingStatus.REMEDIATED;
    r.put("mode", applied ? "apply" : "dry-run");
    r.put("plan", plan.describe());
    r.put("applied", applied);
    r.put("verified", applied);
    r.put("refusedBecause", null);
    if (applied) {
      r.put("before", List.of());
      r.put("after", List.of(Map.of("role", plan.role(), "members", List.of(member))));
    }
    return r;
  }

  static PullFailure failure(Scenario s) {
    JsonObject entry = Fixtures.logEntry("seed-403-logentry.json");
    JsonObject payload = entry.getAsJsonObject("jsonPayload");
    payload.addProperty(
        "message", payload.get("message").getAsString().replace(SEED_IMAGE, s.image()));
    payload.getAsJsonObject("source").addProperty("host", s.node());
    entry
        .getAsJsonObject("resource")
        .getAsJsonObject("labels")
        .addProperty("cluster_name", s.cluster());
    Decoded decoded =
        new EventDecoder().decodeCloudEvent("scenario-" + s.world(), Fixtures.pubSubData(entry));
    return ((Decoded.Failure) decoded).failure();
  }
}
