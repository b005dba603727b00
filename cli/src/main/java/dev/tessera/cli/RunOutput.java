package dev.tessera.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --out DIR} and {@code --overwrite} of a command that writes a run folder ({@link RunFolder}): by default a
 * new folder {@code runs/<command name>/<date-time>}.
 */
final class RunOutput {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--out", paramLabel = "DIR",
            description = "output folder; refused when it holds a run, unless --overwrite (default: a new folder "
                    + "runs/${COMMAND-NAME}/<date-time>, with runs/${COMMAND-NAME}/latest pointing to it)")
    Path out;

    @Option(names = "--overwrite", description = "replace the run in --out (its files are deleted first)")
    boolean overwrite;

    /**
     * The run folder to write: see {@link RunFolder#create} with the root {@code runs/<command name>}.
     *
     * @throws IllegalArgumentException when {@code --out} is a file, or holds a run and {@code --overwrite} is absent
     */
    Path create() throws IOException {
        return RunFolder.create(out, Path.of("runs", command.name()), overwrite);
    }
}
