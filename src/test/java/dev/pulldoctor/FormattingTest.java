package dev.pulldoctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.googlejavaformat.java.Formatter;
import com.google.googlejavaformat.java.FormatterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java file is as google-java-format writes it, imports included (STYLE.md point 9). {@code
 * scripts/format} formats the tree in place.
 */
class FormattingTest {

  static List<Path> javaFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
      }
    }
    return files;
  }

  @Test
  void everyJavaFile_isGoogleJavaFormatted() throws IOException {
    Formatter formatter = new Formatter();
    List<String> unformatted = new ArrayList<>();
    for (Path file : javaFiles()) {
      String source = Files.readString(file);
      try {
        if (!formatter.formatSourceAndFixImports(source).equals(source)) {
          unformatted.add(file.toString());
        }
      } catch (FormatterException e) {
        unformatted.add(file + ": " + e.getMessage());
      }
    }
    assertThat(unformatted).as("files google-java-format would change").isEmpty();
  }

  /** Formats the tree in place. */
  public static final class Apply {
    public static void main(String[] args) throws Exception {
      Formatter formatter = new Formatter();
      for (Path file : javaFiles()) {
        String source = Files.readString(file);
        String formatted = formatter.formatSourceAndFixImports(source);
        if (!formatted.equals(source)) {
          Files.writeString(file, formatted);
          System.out.println("formatted " + file);
        }
      }
    }
  }
}
