package dev.pulldoctor.cli;

import dev.pulldoctor.manifest.ManifestException;
import dev.pulldoctor.manifest.ManifestReader;
import dev.pulldoctor.manifest.ManifestReader.Manifest;
import dev.pulldoctor.manifest.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code --manifest} files, and stdin for {@code -}; any failure is one line, exit 2. */
final class Manifests {
  private static final long MAX_BYTES = 64L * 1024 * 1024;

  private Manifests() {}

  static Manifest read(List<String> names) {
    if (names.stream().filter("-"::equals).count() > 1) {
      throw new OneLineErrors.BadInput("--manifest - (stdin) can be given only once");
    }
    List<Workload> workloads = new ArrayList<>();
    List<ManifestReader.Ignored> ignored = new ArrayList<>();
    for (String name : names) {
      String file = name.equals("-") ? PreflightOutput.STDIN : name;
      String text = name.equals("-") ? stdin() : file(Path.of(name));
      try {
        Manifest m = ManifestReader.read(file, text);
        workloads.addAll(m.workloads());
        ignored.addAll(m.ignored());
      } catch (ManifestException e) {
        throw new OneLineErrors.BadInput(e.getMessage(), e);
      }
    }
    return new Manifest(workloads, ignored);
  }

  private static String file(Path path) {
    try {
      if (Files.isDirectory(path)) {
        throw new OneLineErrors.BadInput(path + ": is a directory, not a manifest file");
      }
      if (Files.size(path) > MAX_BYTES) {
        throw new OneLineErrors.BadInput(path + ": larger than " + MAX_BYTES + " bytes");
      }
      return decode(Files.readAllBytes(path), path.toString());
    } catch (NoSuchFileException e) {
      throw new OneLineErrors.BadInput(path + ": no such file");
    } catch (IOException e) {
      throw new OneLineErrors.BadInput(path + ": cannot read: " + e.getMessage());
    }
  }

  private static String stdin() {
    try {
      InputStream in = System.in;
      return decode(in.readNBytes((int) MAX_BYTES), PreflightOutput.STDIN);
    } catch (IOException e) {
      throw new OneLineErrors.BadInput(PreflightOutput.STDIN + ": cannot read: " + e.getMessage());
    }
  }

  private static String decode(byte[] bytes, String name) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new OneLineErrors.BadInput(name + ": not UTF-8 text");
    }
  }
}
