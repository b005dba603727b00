package dev.tessera.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model DIR}: the output folder of the {@code tessera train} run whose model a command uses. */
final class TrainedRun {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "output folder of a 'tessera train' run")
    Path dir;
}
