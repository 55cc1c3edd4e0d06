package dev.pulldoctor.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulldoctor.deploy.FirestoreIndexFile;
import dev.pulldoctor.report.FindingStore.FindingQuery;
import dev.pulldoctor.setup.Config;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every query the dashboard can issue has its index in terraform/firestore-indexes.json: the
 * emulator does not enforce composite indexes, so only this test would catch a missing one.
 */
class DashboardIndexTest {
  static final String FINDINGS = Config.defaultsOnly().findingsCollection();
  static final List<FirestoreIndexFile.Order> NEWEST_FIRST =
      List.of(new FirestoreIndexFile.Order(IncidentFilter.ORDER_BY, "DESCENDING"));

  @Test
  void everyAllowedFilter_hasItsCompositeIndex_orNeedsNone() {
    FirestoreIndexFile file = FirestoreIndexFile.load();

    for (List<String> where : IncidentFilter.ALLOWED) {
      if (where.isEmpty()) {
        // Ordering by one field alone is served by Firestore's automatic single-field index,
        // unless the deployment exempts that field: it exempts only the TTL field.
        assertThat(file.ttl().field()).isNotEqualTo(IncidentFilter.ORDER_BY);
        continue;
      }
      assertThat(file.indexFor(FINDINGS, where, NEWEST_FIRST))
          .as("an index for %s ordered by lastSeen desc", where)
          .isPresent();
    }
    assertThat(IncidentFilter.ALLOWED).doesNotHaveDuplicates();
  }

  @Test
  void everyParameterCombination_theApiAccepts_isAnAllowedFilter() {
    // Each parameter present or not, with every value kind: whatever parses is an allowed query.
    List<String> accepted = new ArrayList<>();
    for (String status : new String[] {null, "OPEN", "ANY"}) {
      for (int mask = 0; mask < 8; mask++) {
        Map<String, String> params = new LinkedHashMap<>();
        if (status != null) {
          params.put("status", status);
        }
        if ((mask & 1) != 0) {
          params.put("rootCause", "DENY_POLICY");
        }
        if ((mask & 2) != 0) {
          params.put("cluster", "acme-prod-417/us-central1/prod");
        }
        if ((mask & 4) != 0) {
          params.put("project", "acme-prod-417");
        }
        params.put("since", "24h");
        IncidentFilter filter;
        try {
          filter = IncidentFilter.parse(params, Instant.parse("2026-11-20T14:30:00Z"));
        } catch (IllegalArgumentException refused) {
          continue;
        }
        accepted.add(String.join("+", filter.equalities()));
        assertThat(IncidentFilter.ALLOWED).contains(equalities(filter.toQuery()));
      }
    }
    assertThat(accepted)
        .containsExactlyInAnyOrder(
            "status",
            "status+rootCause",
            "status+cluster",
            "status+clusterProject",
            "status",
            "status+rootCause",
            "status+cluster",
            "status+clusterProject",
            "",
            "rootCause",
            "cluster",
            "clusterProject");
  }

  @Test
  void theSummary_queriesOpenIncidentsNewestFirst_anAllowedFilter() {
    InMemoryFindingStore store = new InMemoryFindingStore();

    Summary.of(store, 3, Instant.parse("2026-11-20T14:30:00Z"));

    assertThat(store.queries()).isNotEmpty();
    store.queries().forEach(q -> assertThat(IncidentFilter.ALLOWED).contains(equalities(q)));
  }

  /** The equality fields of a query as the Firestore adapter turns it into whereEqualTo calls. */
  private static List<String> equalities(FindingQuery q) {
    List<String> fields = new ArrayList<>();
    if (q.status() != null) {
      fields.add("status");
    }
    if (q.rootCause() != null) {
      fields.add("rootCause");
    }
    if (q.cluster() != null) {
      fields.add("cluster");
    }
    if (q.clusterProject() != null) {
      fields.add("clusterProject");
    }
    return fields;
  }
}
