package dev.pulldoctor.deploy;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code terraform/firestore-indexes.json}: every Firestore query that needs a composite index,
 * beside that index, and the TTL field of the processed-event records. Terraform creates what it
 * lists; a test of the code's queries can look each one up with {@link #indexFor}.
 */
public record FirestoreIndexFile(String description, List<Index> indexes, Ttl ttl) {

  /** Where the file lives; inside the module, so that the published module is self-contained. */
  public static final Path PATH = TerraformModule.DIRECTORY.resolve("firestore-indexes.json");

  /** One query and the composite index it needs. */
  public record Index(
      String name,
      String query,
      String collection,
      List<String> where,
      List<Order> orderBy,
      List<Field> fields) {

    /** The index's fields as the query implies them: equalities ascending, then the orders. */
    public List<Field> impliedFields() {
      List<Field> implied = new ArrayList<>();
      where.forEach(f -> implied.add(new Field(f, "ASCENDING")));
      orderBy.forEach(o -> implied.add(new Field(o.fieldPath(), o.direction())));
      return implied;
    }
  }

  /** An order-by clause. */
  public record Order(String fieldPath, String direction) {}

  /** A field of a composite index. */
  public record Field(String fieldPath, String order) {}

  /** The collection and field of the TTL policy. */
  public record Ttl(String collection, String field, String description) {}

  /** Reads the file. */
  public static FirestoreIndexFile load() {
    try (Reader in = Files.newBufferedReader(PATH)) {
      return new Gson().fromJson(in, FirestoreIndexFile.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The index a query with these equality filters (in any order) and these orders needs, if the
   * file lists it.
   */
  public Optional<Index> indexFor(String collection, List<String> where, List<Order> orderBy) {
    return indexes.stream()
        .filter(i -> i.collection().equals(collection))
        .filter(i -> i.where().size() == where.size() && i.where().containsAll(where))
        .filter(i -> i.orderBy().equals(orderBy))
        .findFirst();
  }
}
