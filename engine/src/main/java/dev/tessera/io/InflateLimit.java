package dev.tessera.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * How many bytes a gzip-compressed input may decompress to, so a small hostile file (a "gzip bomb": megabytes that
 * inflate to gigabytes) is refused with an {@link IOException} instead of exhausting the heap. The limit is the
 * system property {@value #PROPERTY} (bytes) when set, else an eighth of the JVM's maximum heap
 * ({@code -Xmx}): 512 MB of decompressed data for a 4 GB heap, enough for Fashion-MNIST's largest file (47 MB).
 */
public final class InflateLimit {
    /** The system property that sets the limit in bytes. */
    public static final String PROPERTY = "tessera.io.maxInflatedBytes";

    private InflateLimit() {
    }

    /** The limit in force now. */
    public static long bytes() {
        String v = System.getProperty(PROPERTY);
        if (v != null) {
            try {
                long n = Long.parseLong(v.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("-D" + PROPERTY + " must be a positive number of bytes, got '" + v
                    + "'");
        }
        return Runtime.getRuntime().maxMemory() / 8;
    }

    /** The error for {@code source} whose decompressed {@code what} would exceed {@code limit} bytes. */
    static IOException exceeded(String source, String what, long limit) {
        return new IOException(source + ": " + what + " would exceed the " + limit + "-byte limit for decompressed "
                + "input (an eighth of the heap; raise it with -Xmx or -D" + PROPERTY + ")");
    }

    /** {@code in}, which fails with an {@link IOException} naming {@code source} once it yields over the limit. */
    static InputStream bounded(InputStream in, String source) {
        long limit = bytes();
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    add(n);
                }
                return n;
            }

            private void add(long n) throws IOException {
                count += n;
                if (count > limit) {
                    throw exceeded(source, "the decompressed text", limit);
                }
            }
        };
    }
}
