package dev.pulldoctor.bench;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The generated sandbox worlds of the benchmark (DESIGN.md §8 format). */
final class BenchWorlds {
  static final String SEED_PROJECT = "acme-prod-417";
  static final String SEED_REPOSITORY = "us-central1/services";

  private static final Gson GSON = new Gson();

  private BenchWorlds() {}

  /** The storm's repository {@code i}: {@code repo-i} in the seed repository's location. */
  static String stormRepository(int i) {
    return "repo-" + i;
  }

  /**
   * The seed world with its one repository replaced by {@code n} copies of it, so that the seed
   * event, pointed at {@code repo-i}, is the same failure (NODE_SA_MISSING_READER) of {@code n}
   * incidents of one node pool.
   */
  static String storm(String seedWorldJson, int n) {
    JsonObject world = JsonParser.parseString(seedWorldJson).getAsJsonObject();
    JsonObject project = world.getAsJsonObject("projects").getAsJsonObject(SEED_PROJECT);
    JsonObject seed = project.getAsJsonObject("repositories").getAsJsonObject(SEED_REPOSITORY);
    String location = SEED_REPOSITORY.substring(0, SEED_REPOSITORY.indexOf('/'));
    JsonObject repositories = new JsonObject();
    for (int i = 0; i < n; i++) {
      repositories.add(location + "/" + stormRepository(i), seed.deepCopy());
    }
    project.add("repositories", repositories);
    return GSON.toJson(world);
  }

  /**
   * An audit fleet in one project: {@code clusters} × {@code pools} node pools, {@code
   * repositories} Docker repositories, {@code accounts} distinct node accounts. Pool 0 of every
   * cluster runs as the compute default account, a reader on the even repositories only (so it
   * cannot pull from the odd ones: GRANT_ON_OTHER_ACCOUNT, as its siblings are readers); the other
   * pools share the remaining {@code accounts - 1} accounts round-robin, each a reader on the
   * project. Pull Doctor holds Token Creator on the project, so the audit asks by impersonation.
   */
  record Fleet(int clusters, int pools, int repositories, int accounts) {
    static final String PROJECT = "bench-fleet-100";
    static final String NUMBER = "100000000777";
    static final String CALLER = "pull-doctor@acme-ops.iam.gserviceaccount.com";
    static final String COMPUTE = NUMBER + "-compute@developer.gserviceaccount.com";

    Fleet {
      if (pools < 2 || accounts < 2 || clusters * (pools - 1) < accounts - 1) {
        throw new IllegalArgumentException("too few pools to use " + accounts + " accounts");
      }
    }

    int pairs() {
      return clusters * pools * repositories;
    }

    String account(int cluster, int pool) {
      if (pool == 0) {
        return COMPUTE;
      }
      int k = (cluster * (pools - 1) + pool - 1) % (accounts - 1);
      return "nodes-" + k + "@" + PROJECT + ".iam.gserviceaccount.com";
    }

    Set<String> nodeAccounts() {
      Set<String> all = new LinkedHashSet<>();
      for (int c = 0; c < clusters; c++) {
        for (int p = 0; p < pools; p++) {
          all.add(account(c, p));
        }
      }
      return all;
    }

    /** {@code PROJECT/LOCATION/NAME}, named so that the audit needs no listing of locations. */
    List<String> repositoryNames() {
      List<String> names = new ArrayList<>();
      for (int r = 0; r < repositories; r++) {
        names.add(PROJECT + "/" + repositoryKey(r));
      }
      return names;
    }

    private static String repositoryKey(int r) {
      return (r % 3 == 2 ? "us" : "us-central1") + "/repo-" + r;
    }

    String json() {
      JsonObject project = new JsonObject();
      project.addProperty("number", NUMBER);
      project.add(
          "services",
          strings(
              "container.googleapis.com", "artifactregistry.googleapis.com", "iam.googleapis.com"));
      JsonArray iam = new JsonArray();
      iam.add(binding("roles/viewer", "serviceAccount:" + CALLER));
      iam.add(binding("roles/iam.securityReviewer", "serviceAccount:" + CALLER));
      iam.add(binding("roles/iam.serviceAccountTokenCreator", "serviceAccount:" + CALLER));
      JsonObject readers = binding("roles/artifactregistry.reader");
      nodeAccounts().stream()
          .filter(a -> !a.equals(COMPUTE))
          .forEach(a -> readers.getAsJsonArray("members").add("serviceAccount:" + a));
      iam.add(readers);
      project.add("iamPolicy", iam);

      JsonObject serviceAccounts = new JsonObject();
      nodeAccounts().forEach(a -> serviceAccounts.add(a, new JsonObject()));
      project.add("serviceAccounts", serviceAccounts);

      JsonObject clusterMap = new JsonObject();
      for (int c = 0; c < clusters; c++) {
        JsonObject poolMap = new JsonObject();
        for (int p = 0; p < pools; p++) {
          JsonObject pool = new JsonObject();
          pool.addProperty("serviceAccount", p == 0 ? "default" : account(c, p));
          pool.add("oauthScopes", strings("https://www.googleapis.com/auth/cloud-platform"));
          pool.add(
              "instanceGroups",
              strings(
                  "gke-fleet-"
                      + c
                      + "-pool-"
                      + p
                      + "-"
                      + String.format("%08x", c * 31 + p)
                      + "-grp"));
          poolMap.add("pool-" + p, pool);
        }
        JsonObject cluster = new JsonObject();
        cluster.add("nodePools", poolMap);
        clusterMap.add(location(c) + "/fleet-" + c, cluster);
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
        repoMap.add(repositoryKey(r), repo);
      }
      project.add("repositories", repoMap);

      JsonObject projects = new JsonObject();
      projects.add(PROJECT, project);
      JsonObject world = new JsonObject();
      world.addProperty("caller", "serviceAccount:" + CALLER);
      world.add("projects", projects);
      return GSON.toJson(world);
    }

    private static String location(int c) {
      return List.of("us-central1", "us-east1", "europe-west1", "us-central1-a").get(c % 4);
    }
  }

  private static JsonObject binding(String role, String... members) {
    JsonObject b = new JsonObject();
    b.addProperty("role", role);
    b.add("members", strings(members));
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
