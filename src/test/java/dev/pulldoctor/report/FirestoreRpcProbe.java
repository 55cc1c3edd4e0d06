package dev.pulldoctor.report;

import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.Write;
import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.List;

/**
 * The function's raw Firestore calls ({@link FirestoreRpc}, package-private) made against any
 * endpoint, for the wire parity test: each method once, on a named database.
 */
public final class FirestoreRpcProbe {
  private final FirestoreRpc rpc;

  /** Calls {@code endpoint} (plaintext, as an emulator) on {@code project}'s {@code database}. */
  public FirestoreRpcProbe(String endpoint, String project, String database) {
    rpc =
        FirestoreRpc.open(new FirestoreTarget(endpoint, project, database), Duration.ofSeconds(10));
  }

  public void beginTransaction() {
    rpc.beginTransaction(null);
  }

  public void batchGet(ByteString transaction, List<String> names) {
    rpc.batchGet(transaction, names);
  }

  public void commit(ByteString transaction, List<Write> writes) {
    rpc.commit(transaction, writes);
  }

  public void rollback(ByteString transaction) {
    rpc.rollback(transaction);
  }

  public void runQuery(StructuredQuery query) {
    rpc.runQuery(query);
  }
}
