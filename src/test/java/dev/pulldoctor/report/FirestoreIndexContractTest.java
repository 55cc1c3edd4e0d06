package dev.pulldoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pulldoctor.report.FirestoreQueries.CompositeIndex;
import dev.pulldoctor.report.FirestoreQueries.IndexField;
import dev.pulldoctor.setup.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code terraform/firestore-indexes.json}, from which Terraform creates the composite
 * indexes and the TTL policy, to the queries the code issues. The emulator does not enforce
 * composite indexes, so without this a missing one would first show in production, as {@code
 * FAILED_PRECONDITION} on the dashboard.
 */
class FirestoreIndexContractTest {
  private static final Path FILE = Path.of("terraform", "firestore-indexes.json");
  private static final Config CONFIG = Config.defaultsOnly();

  @Test
  void terraformCreatesExactlyTheCompositeIndexesTheQueriesNeed() throws Exception {
    List<CompositeIndex> expected = FirestoreQueries.compositeIndexes(CONFIG.findingsCollection());

    assertThat(indexesInFile())
        .as("the composite indexes of %s", FILE)
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void terraformPutsTheTtlPolicyOnTheFieldTheEventRecordsExpireBy() throws Exception {
    JsonObject ttl = file().getAsJsonObject("ttl");

    assertThat(ttl.get("collection").getAsString()).isEqualTo(CONFIG.eventsCollection());
    assertThat(ttl.get("field").getAsString()).isEqualTo(EventRecords.EXPIRE_AT);
  }

  @Test
  void everyFilterCombinationTheQueriesAccept_butNoFilter_needsAnIndex() {
    assertThat(FirestoreQueries.compositeIndexes("pullFindings"))
        .hasSize(FirestoreQueries.FILTERS.size() - 1)
        .allSatisfy(
            i ->
                assertThat(i.fields().get(i.fields().size() - 1))
                    .isEqualTo(new IndexField("lastSeen", "DESCENDING")));
  }

  private static List<CompositeIndex> indexesInFile() throws Exception {
    List<CompositeIndex> indexes = new ArrayList<>();
    for (JsonElement e : file().getAsJsonArray("indexes")) {
      JsonObject index = e.getAsJsonObject();
      List<IndexField> fields = new ArrayList<>();
      for (JsonElement f : index.getAsJsonArray("fields")) {
        JsonObject field = f.getAsJsonObject();
        fields.add(
            new IndexField(field.get("fieldPath").getAsString(), field.get("order").getAsString()));
      }
      indexes.add(new CompositeIndex(index.get("collection").getAsString(), List.copyOf(fields)));
    }
    return indexes;
  }

  private static JsonObject file() throws Exception {
    assertThat(FILE).as("Terraform's list of Firestore indexes").exists();
    return JsonParser.parseString(Files.readString(FILE)).getAsJsonObject();
  }
}
