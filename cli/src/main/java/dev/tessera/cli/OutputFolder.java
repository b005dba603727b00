package dev.tessera.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --out DIR}: the folder a command writes its files into, {@code runs/<command name>} unless given. */
final class OutputFolder {
    @Option(names = "--out", defaultValue = "runs/${COMMAND-NAME}", paramLabel = "DIR",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path dir;

    /** The path of {@code file} in the output folder. */
    Path resolve(String file) {
        return dir.resolve(file);
    }
}
