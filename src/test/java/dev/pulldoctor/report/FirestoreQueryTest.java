package dev.pulldoctor.report;

import static dev.pulldoctor.report.StoreFixtures.CLAIM_TIMEOUT;
import static dev.pulldoctor.report.StoreFixtures.DIAGNOSIS_TTL;
import static dev.pulldoctor.report.StoreFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.FirestoreEmulator;
import dev.pulldoctor.domain.ClusterRef;
import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.IncidentKey;
import dev.pulldoctor.domain.RepositoryRef;
import dev.pulldoctor.report.FindingStore.FindingQuery;
import dev.pulldoctor.report.FindingStore.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's and {@code findings}' queries, against the emulator. */
class FirestoreQueryTest {
  private static final ClusterRef PROD = new ClusterRef("acme-prod-417", "us-central1", "prod");
  private static final ClusterRef EDGE = new ClusterRef("acme-prod-417", "europe-west1", "edge");
  private static final ClusterRef DEV = new ClusterRef("acme-dev-9", "us-central1", "dev");

  private final FirestoreEmulator emulator = FirestoreEmulator.get();
  private final FirestoreFindingStore store = StoreFixtures.store(emulator);

  /** The name of each seeded finding, by fingerprint. */
  private final Map<String, String> ids = new HashMap<>();

  @BeforeEach
  void sevenFindings() {
    emulator.reset();
    seed("prod-a", PROD, "a", 1, "OPEN", "NODE_SA_MISSING_READER");
    seed("prod-b", PROD, "b", 2, "RESOLVED", "ACCESS_NOW_GRANTED");
    seed("prod-c", PROD, "c", 3, "OPEN", "DENY_POLICY");
    seed("edge-a", EDGE, "a", 4, "OPEN", "NODE_SA_MISSING_READER");
    seed("edge-b", EDGE, "b", 5, "REMEDIATED", "NODE_SA_MISSING_READER");
    seed("dev-a", DEV, "a", 6, "OPEN", "IMAGE_NOT_FOUND");
    seed("dev-b", DEV, "b", 7, "OPEN", "NODE_SA_MISSING_READER");
  }

  @Test
  void query_withoutFilters_answersAllNewestFirst() {
    assertThat(names(store.query(query(null, null, null, null, null, 10))))
        .containsExactly("dev-b", "dev-a", "edge-b", "edge-a", "prod-c", "prod-b", "prod-a");
  }

  @Test
  void query_filtersOnEachSupportedCombination() {
    assertThat(names(store.query(query("OPEN", null, null, null, null, 10))))
        .containsExactly("dev-b", "dev-a", "edge-a", "prod-c", "prod-a");
    assertThat(names(store.query(query(null, "NODE_SA_MISSING_READER", null, null, null, 10))))
        .containsExactly("dev-b", "edge-b", "edge-a", "prod-a");
    assertThat(names(store.query(query(null, null, PROD.toString(), null, null, 10))))
        .containsExactly("prod-c", "prod-b", "prod-a");
    assertThat(names(store.query(query(null, null, null, "acme-prod-417", null, 10))))
        .containsExactly("edge-b", "edge-a", "prod-c", "prod-b", "prod-a");
    assertThat(names(store.query(query("OPEN", "NODE_SA_MISSING_READER", null, null, null, 10))))
        .containsExactly("dev-b", "edge-a", "prod-a");
    assertThat(names(store.query(query("OPEN", null, EDGE.toString(), null, null, 10))))
        .containsExactly("edge-a");
    assertThat(names(store.query(query("OPEN", null, null, "acme-dev-9", null, 10))))
        .containsExactly("dev-b", "dev-a");
  }

  @Test
  void query_keepsOnlyFindingsSeenSince() {
    assertThat(names(store.query(query("OPEN", null, null, null, NOW.plusSeconds(4), 10))))
        .containsExactly("dev-b", "dev-a", "edge-a");
  }

  @Test
  void query_pagesThroughEveryFindingOnce_inOrder() {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page page = store.query(new FindingQuery(null, null, null, "acme-prod-417", null, 2, token));
      assertThat(page.findings()).hasSizeLessThanOrEqualTo(2);
      seen.addAll(names(page));
      token = page.nextPageToken();
      pages++;
    } while (token != null);

    assertThat(seen).containsExactly("edge-b", "edge-a", "prod-c", "prod-b", "prod-a");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void query_pagesThroughFindingsSeenAtTheSameInstant_byTheirIds() {
    ClusterRef batch = new ClusterRef("acme-batch-1", "us-east1", "batch");
    seed("batch-a", batch, "a", 9, "OPEN", "UNDETERMINED");
    seed("batch-b", batch, "b", 9, "OPEN", "UNDETERMINED");
    seed("batch-c", batch, "c", 9, "OPEN", "UNDETERMINED");

    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      Page page = store.query(new FindingQuery(null, null, null, "acme-batch-1", null, 1, token));
      seen.addAll(names(page));
      token = page.nextPageToken();
    } while (token != null);

    assertThat(seen).containsExactlyInAnyOrder("batch-a", "batch-b", "batch-c");
  }

  @Test
  void query_answersNoNextPage_whenThePageHoldsTheLastFinding() {
    Page page = store.query(query(null, null, PROD.toString(), null, null, 3));

    assertThat(page.findings()).hasSize(3);
    assertThat(page.nextPageToken()).isNull();
  }

  @Test
  void query_refusesACombinationNoIndexServes_namingTheSupportedOnes() {
    assertThatThrownBy(
            () ->
                store.query(query(null, "NODE_SA_MISSING_READER", PROD.toString(), null, null, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rootCause+cluster")
        .hasMessageContaining("status+clusterProject");
    assertThatThrownBy(
            () -> store.query(query(null, null, PROD.toString(), "acme-prod-417", null, 10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void query_refusesUnknownValues_badLimits_andForeignTokens() {
    assertThatThrownBy(() -> store.query(query("BROKEN", null, null, null, null, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REMEDIATED");
    assertThatThrownBy(() -> store.query(query(null, "BAD_LUCK", null, null, null, 10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.query(query(null, null, null, null, null, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.query(query(null, null, null, null, null, 501)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> store.query(new FindingQuery(null, null, null, null, null, 5, "not-a-token")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("page token");
  }

  private static FindingQuery query(
      String status, String rootCause, String cluster, String project, Instant since, int limit) {
    return new FindingQuery(status, rootCause, cluster, project, since, limit, null);
  }

  /** One diagnosed finding for pool {@code pool} of {@code cluster}, last seen at NOW + s. */
  private void seed(
      String name, ClusterRef cluster, String pool, int s, String status, String rootCause) {
    IncidentKey key =
        new IncidentKey(cluster, pool, new RepositoryRef(cluster.project(), "us", "services"));
    Instant at = NOW.plusSeconds(s);
    var failure = StoreFixtures.failure("evt-" + name, cluster, "shop", "pod-" + name, at, false);
    store.admit(key, failure, at, DIAGNOSIS_TTL, CLAIM_TIMEOUT);
    store.record(key, failure, StoreFixtures.verdict(status, rootCause), at);
    ids.put(key.fingerprint(), name);
  }

  private List<String> names(Page page) {
    return page.findings().stream().map(Finding::fingerprint).map(ids::get).toList();
  }
}
