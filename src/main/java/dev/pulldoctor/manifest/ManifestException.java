package dev.pulldoctor.manifest;

/**
 * A manifest that cannot be read: the file, the 1-based line where reading stopped, and why. Its
 * message is the one line the command line prints: {@code FILE:LINE: why}.
 */
public final class ManifestException extends RuntimeException {
  private final String file;
  private final int line;

  public ManifestException(String file, int line, String why) {
    super(file + ":" + line + ": " + why);
    this.file = file;
    this.line = line;
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }
}
