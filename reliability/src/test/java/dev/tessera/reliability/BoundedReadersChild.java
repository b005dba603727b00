package dev.tessera.reliability;

import dev.tessera.Device;
import dev.tessera.io.CsvReader;
import dev.tessera.io.IdxReader;
import dev.tessera.io.Npy;
import dev.tessera.io.Safetensors;
import java.nio.file.Path;

/**
 * The child JVM of {@link BoundedReadersTest} (started with a small heap): reads each file given as
 * {@code FORMAT=PATH} and prints {@code refused <path>: <message>}, {@code read <path>} or
 * {@code OUT OF MEMORY <path>}, then {@code done}.
 */
public final class BoundedReadersChild {
    private BoundedReadersChild() {
    }

    /** Reads the files named in {@code args}. */
    public static void main(String[] args) {
        for (String a : args) {
            String kind = a.substring(0, a.indexOf('='));
            Path p = Path.of(a.substring(a.indexOf('=') + 1));
            try {
                switch (kind) {
                    case "idx" -> IdxReader.read(p);
                    case "csv" -> CsvReader.defaults().read(p);
                    case "npy" -> Npy.read(p);
                    case "safetensors" -> Safetensors.read(p, Device.of("reference")).close();
                    default -> throw new IllegalArgumentException("unknown kind " + kind);
                }
                System.out.println("read " + p);
            } catch (OutOfMemoryError e) {
                System.out.println("OUT OF MEMORY " + p);
            } catch (Exception e) {
                System.out.println("refused " + p + ": " + e.getMessage().replaceAll("\\s+", " "));
            }
        }
        System.out.println("done");
    }
}
