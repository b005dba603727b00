package dev.tessera.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** SHA-256 fingerprints of files and of whole directory trees, to prove that a failed operation changed nothing. */
final class Checksums {
    private Checksums() {
    }

    /** The SHA-256 of {@code file}'s bytes, in hex. */
    static String of(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every regular file under {@code dir} (relative path to SHA-256) and every directory (relative path to "dir"),
     * so a new, removed or changed file, a left-over temporary file included, changes the map.
     */
    static Map<String, String> ofTree(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(p -> !p.equals(dir)).forEach(p -> out.put(dir.relativize(p).toString(),
                    Files.isDirectory(p) ? "dir" : of(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
