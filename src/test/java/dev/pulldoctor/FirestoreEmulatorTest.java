package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared emulator harness itself. */
class FirestoreEmulatorTest {
  private final FirestoreEmulator emulator = FirestoreEmulator.get();

  @BeforeEach
  void emptyDatabase() {
    emulator.reset();
  }

  @Test
  void get_answersTheSameRunningEmulatorEveryTime() {
    assertThat(FirestoreEmulator.get()).isSameAs(emulator);
    assertThat(emulator.hostPort()).matches("[^:]+:\\d+");
  }

  @Test
  void env_namesTheEmulatorAndProject_forAChildProcess() {
    assertThat(emulator.env())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "FIRESTORE_EMULATOR_HOST", emulator.hostPort(),
                "GOOGLE_CLOUD_PROJECT", emulator.projectId()));
  }

  @Test
  void reset_deletesEveryDocument() throws Exception {
    Firestore db = emulator.client();
    db.collection("scratch").document("one").set(Map.of("n", 1L)).get();
    db.collection("scratch").document("one").collection("sub").document("two").set(Map.of()).get();

    emulator.reset();

    assertThat(db.collection("scratch").get().get().isEmpty()).isTrue();
    assertThat(db.collection("scratch/one/sub").get().get().isEmpty()).isTrue();
  }

  @Test
  void newClient_readsWhatTheSharedClientWrote() throws Exception {
    emulator.client().collection("scratch").document("x").set(Map.of("v", "seen")).get();

    try (Firestore other = emulator.newClient("(default)")) {
      assertThat(other.collection("scratch").document("x").get().get().getString("v"))
          .isEqualTo("seen");
    }
  }
}
