package dev.tessera.cli;

/**
 * A command during whose {@link #run} SIGINT and SIGTERM are a stop request ({@link StopSignal#arm}): the run
 * stops at its next step boundary, writes what it has and exits with {@link StopSignal#EXIT_CODE}.
 */
abstract class StoppableCommand extends IoCommand {
    @Override
    public final Integer call() throws Exception {
        try (AutoCloseable stop = StopSignal.arm()) {
            return run();
        }
    }

    /** The command's work; its exit code. */
    abstract int run() throws Exception;
}
