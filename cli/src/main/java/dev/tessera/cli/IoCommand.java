package dev.tessera.cli;

import java.util.concurrent.Callable;

/**
 * A subcommand that writes to the streams of the run that executes it: {@link Main}'s factory hands them over as
 * soon as it has created the command, before picocli parses the command's options or calls it.
 */
abstract class IoCommand implements Callable<Integer> {
    /** The output and error streams of this run; set by {@link Main}'s factory before {@link #call}. */
    Io io;
}
