package dev.pulldoctor.report;

import java.util.List;

/** Hears of each call the function's Firestore adapter makes: the benchmark counts them. */
public interface FirestoreCalls {

  /** A call of {@code method} (Firestore's v1 name, {@code Commit}) is about to be made. */
  void called(String method);

  /** A commit that wrote {@code documents} (their full names) returned. */
  void committed(List<String> documents);

  /** Hears nothing. */
  FirestoreCalls NONE =
      new FirestoreCalls() {
        @Override
        public void called(String method) {}

        @Override
        public void committed(List<String> documents) {}
      };
}
