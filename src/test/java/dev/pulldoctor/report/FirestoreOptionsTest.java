package dev.pulldoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.FirestoreOptions;
import dev.pulldoctor.setup.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@link FindingStores} sets up the client; building options opens no connection. */
class FirestoreOptionsTest {
  @Test
  void options_pointAtTheEmulator_withItsDemoProject_whenOnlyTheEmulatorIsNamed() {
    FirestoreOptions options =
        FindingStores.options(
            Config.defaultsOnly().store(), Map.of("FIRESTORE_EMULATOR_HOST", "127.0.0.1:8085"));

    assertThat(options.getEmulatorHost()).isEqualTo("127.0.0.1:8085");
    assertThat(options.getProjectId()).isEqualTo("demo-pull-doctor");
    assertThat(options.getDatabaseId()).isEqualTo("(default)");
  }

  @Test
  void options_takeTheProjectFromTheEnvironment_andTheDatabaseFromTheConfig() {
    FirestoreOptions options =
        FindingStores.options(
            Config.from(Map.of("FIRESTORE_DATABASE", "pull-doctor")).store(),
            Map.of(
                "FIRESTORE_EMULATOR_HOST", "127.0.0.1:8085", "GOOGLE_CLOUD_PROJECT", "acme-ops"));

    assertThat(options.getProjectId()).isEqualTo("acme-ops");
    assertThat(options.getDatabaseId()).isEqualTo("pull-doctor");
  }

  @Test
  void firestore_buildsNoClientUntilFirstUse() {
    FindingStore store =
        FindingStores.findings(
            Config.defaultsOnly().store(),
            Map.of("FIRESTORE_EMULATOR_HOST", "127.0.0.1:8085"),
            () -> {
              throw new AssertionError("the client was built before it was needed");
            });

    assertThat(store).isNotNull();
  }
}
