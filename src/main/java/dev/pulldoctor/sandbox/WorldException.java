package dev.pulldoctor.sandbox;

/** A world file that cannot be used; the message is one line naming the JSON path. */
public final class WorldException extends IllegalArgumentException {

  WorldException(String path, String problem) {
    super(path + ": " + problem);
  }
}
