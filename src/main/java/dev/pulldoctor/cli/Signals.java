package dev.pulldoctor.cli;

/**
 * Runs an action on SIGTERM and SIGINT instead of letting the JVM exit with 143 or 130, so that a
 * long-running command can stop cleanly and exit 0.
 */
final class Signals {

  private Signals() {}

  /**
   * Installs the handlers; false when this JVM does not offer them (then rely on shutdown hooks).
   */
  static boolean onTermination(Runnable action) {
    try {
      for (String name : new String[] {"TERM", "INT"}) {
        sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> action.run());
      }
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      return false;
    }
  }
}
