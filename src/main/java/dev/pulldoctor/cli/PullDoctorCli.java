package dev.pulldoctor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pull-doctor} command line: one subcommand per job. */
@Command(
    name = "pull-doctor",
    mixinStandardHelpOptions = true,
    versionProvider = PullDoctorCli.Version.class,
    description = {"Finds out why GKE pods cannot pull their images from Artifact Registry.", ""},
    subcommands = {
      ClassifyCommand.class,
      DashboardCommand.class,
      DiagnoseCommand.class,
      FindingsCommand.class,
      AuditCommand.class,
      StatusCommand.class,
      SelftestCommand.class,
      SandboxCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 a root cause, a failing pair or a mismatch was found,",
      "2 bad usage or input.",
      "Without --world, commands use Application Default Credentials against real Google Cloud."
    })
public final class PullDoctorCli implements Runnable {

  /** Exit code: the command ran and found nothing wrong. */
  public static final int OK = 0;

  /** Exit code: the command found a root cause or a pair that cannot pull. */
  public static final int FOUND = 1;

  /** Exit code: bad usage or bad input. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and answers its exit code; for tests and {@link #main}. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new PullDoctorCli());
    cli.setExecutionExceptionHandler(new OneLineErrors());
    cli.setParameterExceptionHandler(OneLineErrors::onParameterError);
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** Prints the jar's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = PullDoctorCli.class.getPackage().getImplementationVersion();
      return new String[] {"pull-doctor " + (v == null ? "dev" : v)};
    }
  }
}
