package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CorpusCopyTest {

  @ParameterizedTest
  @ValueSource(strings = {"messages.tsv", "seed-world.json"})
  void theCopyInTestResources_equalsTheSharedCorpus_whereBothExist(String name) throws IOException {
    Path copy = Corpus.COPY.resolve(name);
    assertThat(copy).exists();
    Path shared = Corpus.SHARED.resolve(name);
    if (Files.exists(shared)) {
      assertThat(Files.readString(copy)).isEqualTo(Files.readString(shared));
    }
  }
}
