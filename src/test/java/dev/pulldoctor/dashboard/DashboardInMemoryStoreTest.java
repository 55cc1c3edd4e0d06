package dev.pulldoctor.dashboard;

import static dev.pulldoctor.dashboard.TestFindings.finding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulldoctor.domain.Finding;
import dev.pulldoctor.domain.FindingStatus;
import dev.pulldoctor.domain.RootCause;
import dev.pulldoctor.report.FindingStore.FindingQuery;
import dev.pulldoctor.report.FindingStore.Page;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test store answers queries as Firestore would: the dashboard's tests rest on it. */
class DashboardInMemoryStoreTest {
  static final Instant T = Instant.parse("2026-11-20T14:00:00Z");
  static final String PROD = "acme-prod-417/us-central1/prod";

  private static Finding open(String fp, Instant lastSeen) {
    return finding(fp, FindingStatus.OPEN, RootCause.DENY_POLICY, PROD, lastSeen, 1);
  }

  private static FindingQuery all(int limit, String token) {
    return new FindingQuery(null, null, null, null, null, limit, token);
  }

  private static List<String> ids(Page p) {
    return p.findings().stream().map(Finding::fingerprint).toList();
  }

  @Test
  void ordersNewestFirst_tiesByDocumentIdDescending() {
    InMemoryFindingStore store =
        new InMemoryFindingStore()
            .put(open("a", T))
            .put(open("b", T))
            .put(open("c", T.plusSeconds(1)));

    assertThat(ids(store.query(all(10, null)))).containsExactly("c", "b", "a");
  }

  @Test
  void pageTokens_areCursors_thatStayRightWhenDocumentsArriveBetweenPages() {
    InMemoryFindingStore store = new InMemoryFindingStore();
    for (int i = 0; i < 5; i++) {
      store.put(open("f" + i, T.plusSeconds(i)));
    }
    Page first = store.query(all(2, null));
    store.put(open("newer", T.plusSeconds(100)));
    Page second = store.query(all(2, first.nextPageToken()));
    Page third = store.query(all(2, second.nextPageToken()));

    assertThat(ids(first)).containsExactly("f4", "f3");
    assertThat(ids(second)).containsExactly("f2", "f1");
    assertThat(ids(third)).containsExactly("f0");
    assertThat(third.nextPageToken()).isNull();
  }

  @Test
  void anExactlyFullLastPage_hasNoNextToken() {
    InMemoryFindingStore store = new InMemoryFindingStore().put(open("a", T)).put(open("b", T));

    assertThat(store.query(all(2, null)).nextPageToken()).isNull();
  }

  @Test
  void filtersAreEqualities_andSeenSinceIsInclusive() {
    InMemoryFindingStore store =
        new InMemoryFindingStore()
            .put(open("a", T))
            .put(finding("b", FindingStatus.RESOLVED, RootCause.DENY_POLICY, PROD, T, 1))
            .put(
                finding(
                    "c",
                    FindingStatus.OPEN,
                    RootCause.API_DISABLED,
                    "p2/l/c",
                    T.minusSeconds(10),
                    1));

    assertThat(ids(store.query(new FindingQuery("OPEN", null, null, null, null, 10, null))))
        .containsExactly("a", "c");
    assertThat(ids(store.query(new FindingQuery(null, "API_DISABLED", null, null, null, 10, null))))
        .containsExactly("c");
    assertThat(ids(store.query(new FindingQuery(null, null, PROD, null, null, 10, null))))
        .containsExactly("b", "a");
    assertThat(ids(store.query(new FindingQuery(null, null, null, "p2", null, 10, null))))
        .containsExactly("c");
    assertThat(ids(store.query(new FindingQuery(null, null, null, null, T, 10, null))))
        .containsExactly("b", "a");
  }

  @Test
  void aTokenItDidNotIssue_isRefused() {
    InMemoryFindingStore store = new InMemoryFindingStore();

    assertThatThrownBy(() -> store.query(all(2, "%%%")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pageToken is not one this store issued");
  }
}
