package dev.pulldoctor.audit;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A generated sandbox world for audits at scale: one project, {@code clusters} clusters of {@code
 * pools} node pools each, {@code repositories} Docker repositories, and node pools that share
 * accounts the way fleets do:
 *
 * <ul>
 *   <li>pool 0 of every cluster runs as the compute default account ({@code default}), which is a
 *       reader on the even repositories only;
 *   <li>pool 1 of every cluster runs as {@code nodes-shared@}, a reader on the project;
 *   <li>pool 2 and above run as {@code nodes-team-N@}, shared by two clusters each, readers on the
 *       project too.
 * </ul>
 *
 * So pool 0 cannot pull from the odd repositories — GRANT_ON_OTHER_ACCOUNT, since the cluster's
 * other pools run as readers — and every other pair can. Pull Doctor holds Token Creator on the
 * project's accounts when {@code impersonation} is on.
 */
public final class GeneratedFleet {
  public static final String PROJECT = "gen-apps-100";
  static final String NUMBER = "100000000100";
  static final String CALLER = "pull-doctor@acme-ops.iam.gserviceaccount.com";
  static final String COMPUTE = NUMBER + "-compute@developer.gserviceaccount.com";
  static final String SHARED = "nodes-shared@" + PROJECT + ".iam.gserviceaccount.com";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  final int clusters;
  final int pools;
  final int repositories;
  final boolean impersonation;

  public GeneratedFleet(int clusters, int pools, int repositories, boolean impersonation) {
    this.clusters = clusters;
    this.pools = pools;
    this.repositories = repositories;
    this.impersonation = impersonation;
  }

  /** The account pool {@code p} of cluster {@code c} runs as. */
  String account(int c, int p) {
    return switch (p) {
      case 0 -> COMPUTE;
      case 1 -> SHARED;
      default -> "nodes-team-" + (c / 2) + "-" + p + "@" + PROJECT + ".iam.gserviceaccount.com";
    };
  }

  Set<String> accounts() {
    Set<String> all = new LinkedHashSet<>();
    for (int c = 0; c < clusters; c++) {
      for (int p = 0; p < pools; p++) {
        all.add(account(c, p));
      }
    }
    return all;
  }

  String cluster(int c) {
    return PROJECT + "/" + location(c) + "/cluster-" + c;
  }

  String repository(int r) {
    return PROJECT + "/" + (r % 3 == 2 ? "us" : "us-central1") + "/repo-" + r;
  }

  /** Pool 0 runs as the compute default account, a reader on the even repositories only. */
  boolean canPull(int pool, int repository) {
    return pool != 0 || repository % 2 == 0;
  }

  int pairs() {
    return clusters * pools * repositories;
  }

  public String json() {
    JsonObject project = new JsonObject();
    project.addProperty("number", NUMBER);
    project.add(
        "services",
        strings(
            "container.googleapis.com", "artifactregistry.googleapis.com", "iam.googleapis.com"));
    JsonArray iam = new JsonArray();
    iam.add(binding("roles/viewer", "serviceAccount:" + CALLER));
    iam.add(binding("roles/iam.securityReviewer", "serviceAccount:" + CALLER));
    if (impersonation) {
      iam.add(binding("roles/iam.serviceAccountTokenCreator", "serviceAccount:" + CALLER));
    }
    JsonArray readers = new JsonArray();
    accounts().stream()
        .filter(a -> !a.equals(COMPUTE))
        .forEach(a -> readers.add("serviceAccount:" + a));
    JsonObject projectReaders = new JsonObject();
    projectReaders.addProperty("role", "roles/artifactregistry.reader");
    projectReaders.add("members", readers);
    iam.add(projectReaders);
    project.add("iamPolicy", iam);

    JsonObject accounts = new JsonObject();
    accounts().forEach(a -> accounts.add(a, new JsonObject()));
    project.add("serviceAccounts", accounts);

    JsonObject clusterMap = new JsonObject();
    for (int c = 0; c < clusters; c++) {
      JsonObject poolMap = new JsonObject();
      for (int p = 0; p < pools; p++) {
        JsonObject pool = new JsonObject();
        pool.addProperty("serviceAccount", p == 0 ? "default" : account(c, p));
        pool.add("oauthScopes", strings("https://www.googleapis.com/auth/cloud-platform"));
        pool.add(
            "instanceGroups", strings("gke-cluster-" + c + "-pool-" + p + "-0000000" + p + "-grp"));
        poolMap.add("pool-" + p, pool);
      }
      JsonObject cluster = new JsonObject();
      cluster.add("nodePools", poolMap);
      clusterMap.add(location(c) + "/cluster-" + c, cluster);
    }
    project.add("clusters", clusterMap);

    JsonObject repoMap = new JsonObject();
    for (int r = 0; r < repositories; r++) {
      JsonObject repo = new JsonObject();
      repo.addProperty("format", "DOCKER");
      JsonArray policy = new JsonArray();
      if (r % 2 == 0) {
        policy.add(binding("roles/artifactregistry.reader", "serviceAccount:" + COMPUTE));
      }
      repo.add("iamPolicy", policy);
      String[] key = repository(r).split("/");
      repoMap.add(key[1] + "/" + key[2], repo);
    }
    // A Maven repository, which the audit must leave out.
    JsonObject maven = new JsonObject();
    maven.addProperty("format", "MAVEN");
    repoMap.add("us-central1/jars", maven);
    project.add("repositories", repoMap);

    JsonObject projects = new JsonObject();
    projects.add(PROJECT, project);
    JsonObject world = new JsonObject();
    world.addProperty("caller", "serviceAccount:" + CALLER);
    world.add("projects", projects);
    return GSON.toJson(world);
  }

  Path write(Path dir) {
    try {
      return Files.writeString(dir.resolve("generated-fleet.json"), json());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String location(int c) {
    return List.of("us-central1", "us-east1", "europe-west1", "us-central1-a").get(c % 4);
  }

  private static JsonObject binding(String role, String member) {
    JsonObject b = new JsonObject();
    b.addProperty("role", role);
    b.add("members", strings(member));
    return b;
  }

  private static JsonArray strings(String... values) {
    JsonArray a = new JsonArray();
    for (String v : values) {
      a.add(v);
    }
    return a;
  }
}
