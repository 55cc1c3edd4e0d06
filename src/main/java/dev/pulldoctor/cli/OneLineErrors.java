package dev.pulldoctor.cli;

import com.google.api.gax.rpc.ApiException;
import dev.pulldoctor.diagnose.InspectionFailure;
import dev.pulldoctor.gcp.GoogleErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns bad usage, bad input and a Google API's refusal or transient failure into one line on
 * stderr and exit code 2: a user never sees a stack trace for a mistake of theirs or a server that
 * answered INTERNAL or UNAVAILABLE (DESIGN.md §6 — the function would have the event redelivered;
 * the user runs the command again). Anything else is a bug and keeps its trace.
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
    String server = serverError(e);
    if (server != null) {
      err.println("pull-doctor " + cli.getCommandName() + ": " + server);
      err.flush();
      return PullDoctorCli.BAD_INPUT;
    }
    err.println("pull-doctor " + cli.getCommandName() + ": internal error: " + e);
    e.printStackTrace(err);
    err.flush();
    return PullDoctorCli.BAD_INPUT + 1;
  }

  /**
   * The one line for a Google API failure anywhere in {@code e}'s causes (the investigation runs
   * look-ups concurrently, so it may come wrapped), or null when there is none.
   */
  static String serverError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GoogleErrors.CallRefused r) {
        return r.getMessage();
      }
      if (t instanceof InspectionFailure f) {
        return f.getMessage()
            + (f.kind() == InspectionFailure.Kind.TRANSIENT
                ? " (a transient error of the API: run the command again)"
                : "");
      }
      Status.Code code = null;
      if (t instanceof StatusRuntimeException s) {
        code = s.getStatus().getCode();
      } else if (t instanceof ApiException a) {
        code = Status.Code.valueOf(a.getStatusCode().getCode().name());
      }
      if (code != null) {
        String first = String.valueOf(t.getMessage()).lines().findFirst().orElse("");
        first = first.replaceFirst("^io\\.grpc\\.StatusRuntimeException: ", "");
        return (first.startsWith(code.name()) ? first : code + ": " + first)
            + (GoogleErrors.isTransient(code)
                ? " (a transient error of the API: run the command again)"
                : "");
      }
    }
    return null;
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
