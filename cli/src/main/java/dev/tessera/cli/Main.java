package dev.tessera.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tessera} command: dispatches to the subcommands and turns every error (bad option, bad input, failed
 * run) into one clear line on stderr, {@code tessera <command>: <what is wrong>}, with a non-zero exit status
 * (2 for a malformed command line, 1 for a failure while running). {@code --debug} adds the stack trace and the
 * engine's INFO log (such as why device selection skipped a backend); without it only warnings are logged, and the
 * device a command uses is in its first line of output ({@code tessera devices} says why others are unavailable).
 */
@Command(name = "tessera", mixinStandardHelpOptions = true, version = "tessera 0.1.0",
        description = "Deep learning on the JVM: train, evaluate and benchmark on CPU, OpenCL or CUDA.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class,
            LrFindCommand.class, SearchCommand.class, LmCommand.class, SampleCommand.class,
            DevicesCommand.class, GmmCommand.class, PcaCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /**
     * The engine's loggers (device selection logs each backend it skips at INFO). Held here so the level set on it
     * stays in force (java.util.logging keeps loggers only weakly).
     */
    private static final Logger ENGINE_LOG = Logger.getLogger("dev.tessera");

    private Main() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        StopSignal.install();
        System.exit(run(Io.system(), args));
    }

    /** Runs the command line on the standard streams and returns the exit status. */
    public static int run(String... args) {
        return run(Io.system(), args);
    }

    /** Runs the command line writing to {@code out} and {@code err} (no progress bars) and returns the exit status. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(new Io(out, err, false), args);
    }

    static int run(Io io, String... args) {
        CommandLine cli = new CommandLine(new Main(), new Factory(io));
        cli.setOut(new PrintWriter(io.out(), true));
        cli.setErr(new PrintWriter(io.err(), true));
        boolean debug = Arrays.asList(args).contains("--debug");
        ENGINE_LOG.setLevel(debug ? Level.INFO : Level.WARNING);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(prefix(cmd) + describe(e));
            if (debug) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println(prefix(cmd) + e.getMessage() + " (see 'tessera "
                    + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help')");
            if (debug) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 2;
        });
        int code = cli.execute(args);
        io.out().flush();
        io.err().flush();
        return code;
    }

    /** {@code "tessera train: "} for a subcommand, {@code "tessera: "} for the top-level command. */
    private static String prefix(CommandLine cmd) {
        return cmd.getParent() == null ? "tessera: " : "tessera " + cmd.getCommandName() + ": ";
    }

    /**
     * The message of {@code e}, or of its first cause that has one, on one line; for running out of heap, what the
     * JVM has and how to give it more.
     */
    static String describe(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "): the JVM has " + gigabytes(Runtime.getRuntime().maxMemory())
                    + " (-Xmx); give it more with TESSERA_JAVA_OPTS=-Xmx<size>, or use a smaller model, batch or dataset";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                String line = m.replaceAll("\\s*\\R\\s*", " ").trim();
                return t instanceof java.io.IOException && !(t instanceof java.nio.file.FileSystemException)
                        && !line.contains(" ") ? t.getClass().getSimpleName() + ": " + line : line;
            }
        }
        return e.getClass().getSimpleName();
    }

    /** {@code bytes} as {@code "8.5 GB"} (decimal gigabytes, one decimal). */
    static String gigabytes(double bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** Creates commands, handing each {@link IoCommand} the streams of this run. */
    private record Factory(Io io) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K created = CommandLine.defaultFactory().create(cls);
            if (created instanceof IoCommand command) {
                command.io = io;
            }
            return created;
        }
    }
}
