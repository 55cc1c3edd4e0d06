package dev.pulldoctor;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared corpus ({@code ../shared/corpus}) when the repository sits beside it, else the copy
 * kept in {@code src/test/resources/corpus} — so a clone on its own still tests the same rows.
 * {@code CorpusCopyTest} holds the copy equal to the original wherever both exist.
 */
public final class Corpus {
  public static final Path SHARED = Path.of("..", "shared", "corpus");
  public static final Path COPY = Path.of("src", "test", "resources", "corpus");

  private Corpus() {}

  public static Path file(String name) {
    Path shared = SHARED.resolve(name);
    return Files.exists(shared) ? shared : COPY.resolve(name);
  }
}
