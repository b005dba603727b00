package dev.tessera.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tessera} command: dispatches to the subcommands and turns errors into one clear line on stderr. */
@Command(name = "tessera", mixinStandardHelpOptions = true, version = "tessera 0.1.0",
        description = "Deep learning on the JVM: train, evaluate and benchmark on CPU, OpenCL or CUDA.",
        subcommands = {TrainCommand.class, DevicesCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("tessera " + cmd.getCommandName() + ": " + describe(e));
            if (debug) {
                e.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("(run with --debug for the stack trace)");
            }
            return 1;
        });
        return cli.execute(args);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
