package dev.pulldoctor.report;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.pulldoctor.report.FindingStore.FindingQuery;
import dev.pulldoctor.report.FindingStore.Page;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The dashboard's and the CLI's pages of findings, over the high-level Firestore client: its
 * queries with filters, order and cursors are worth its cost there. The function never comes here,
 * so its cold start loads none of that client ({@link FirestoreFindingStore}).
 */
final class FirestoreFindingPages {
  private final Firestore firestore;
  private final String findingsCollection;

  /** Pages from a client of the caller's choosing, such as a test's shared one. */
  FirestoreFindingPages(Supplier<Firestore> client, String findingsCollection) {
    this.firestore = client.get();
    this.findingsCollection = findingsCollection;
  }

  /** Pages from a client of its own, set up by {@link FindingStores#options}. */
  FirestoreFindingPages(StoreSettings settings, Map<String, String> env) {
    this(() -> FindingStores.options(settings, env).getService(), settings.findingsCollection());
  }

  Page query(FindingQuery query) {
    List<QueryDocumentSnapshot> found =
        await(FirestoreQueries.findings(firestore.collection(findingsCollection), query).get())
            .getDocuments();
    List<QueryDocumentSnapshot> page = found.subList(0, Math.min(found.size(), query.limit()));
    String next =
        found.size() > query.limit() ? FirestoreQueries.pageToken(page.get(page.size() - 1)) : null;
    return new Page(
        page.stream().map(d -> IncidentDocument.finding(d.getId(), d.getData())).toList(), next);
  }

  /**
   * The result of {@code future}; a failure is rethrown as the client's own exception (a {@code
   * FirestoreException} or gax {@code ApiException} with its status code).
   */
  private static <T> T await(ApiFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Firestore", e);
    }
  }
}
