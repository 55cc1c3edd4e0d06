package dev.pulldoctor.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns bad usage and bad input into one line on stderr and exit code 2: a user never sees a stack
 * trace for a mistake of theirs. Anything else is a bug and keeps its trace.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

  /** Thrown by commands for input they cannot use; its message is the one line shown. */
  static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message);
    }

    BadInput(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public int handleExecutionException(
      Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    if (e instanceof BadInput || e instanceof IllegalArgumentException) {
      err.println("pull-doctor " + cli.getCommandName() + ": " + e.getMessage());
      err.flush();
      return PullDoctorCli.BAD_INPUT;
    }
    err.println("pull-doctor " + cli.getCommandName() + ": internal error: " + e);
    e.printStackTrace(err);
    err.flush();
    return PullDoctorCli.BAD_INPUT + 1;
  }

  static int onParameterError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("pull-doctor " + cli.getCommandName() + ": " + e.getMessage());
    err.println("Try 'pull-doctor " + qualified(cli) + " --help'.");
    err.flush();
    return PullDoctorCli.BAD_INPUT;
  }

  private static String qualified(CommandLine cli) {
    String name = cli.getCommandSpec().qualifiedName(" ");
    return name.startsWith("pull-doctor ") ? name.substring("pull-doctor ".length()) : name;
  }
}
