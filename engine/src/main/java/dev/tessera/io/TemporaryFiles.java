package dev.tessera.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Creates the temporary file of an atomic write (write it, then rename it over the target). Unlike
 * {@link Files#createTempFile}, which makes every file owner-only ({@code 0600}), the file gets the permissions any
 * new file gets (on POSIX {@code 0666} masked by the process's umask), so the renamed result is readable by whoever
 * the user's umask allows, like a file written by any other tool.
 */
public final class TemporaryFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TemporaryFiles() {
    }

    /**
     * Creates a new empty file {@code dir/<prefix><random digits><suffix>} that did not exist before.
     *
     * @throws IOException when {@code dir} is missing or not writable
     */
    public static Path create(Path dir, String prefix, String suffix) throws IOException {
        while (true) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong()) + suffix);
            try {
                return Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                // another name
            }
        }
    }
}
