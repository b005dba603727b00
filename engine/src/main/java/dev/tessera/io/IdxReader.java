package dev.tessera.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST, Fashion-MNIST, EMNIST and KMNIST, plain or gzip-compressed (recognized by
 * the gzip magic bytes, not by the file name).
 *
 * <p>Layout: two zero bytes, a type code ({@link IdxArray.Type}), the rank, then one big-endian 32-bit size per
 * axis, then the elements big-endian in row-major order. The declared size is checked against the file (plain) or
 * against the bytes that actually decompress (gzip) before memory is committed, so a truncated or hostile file
 * gives an {@link IOException} naming the file, never an {@link OutOfMemoryError}. A gzip file may declare at most
 * {@link InflateLimit#bytes()} of data.
 */
public final class IdxReader {
    private static final int CHUNK = 1 << 16;

    private IdxReader() {
    }

    /**
     * Reads the array in {@code file}.
     *
     * @throws IOException when the file cannot be read, is not IDX, has an unknown type code, or holds fewer or more
     *                     bytes than its header declares (the message names the file and the numbers)
     */
    public static IdxArray read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), CHUNK)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, CHUNK), CHUNK) : raw;
            long available = gzip ? -1 : Files.size(file);
            return read(in, file + (gzip ? " (gzip)" : ""), available);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": cannot read: " + e, e);
        }
    }

    private static IdxArray read(InputStream in, String source, long fileSize) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int zero0;
        int zero1;
        int code;
        int rank;
        try {
            zero0 = data.readUnsignedByte();
            zero1 = data.readUnsignedByte();
            code = data.readUnsignedByte();
            rank = data.readUnsignedByte();
        } catch (EOFException e) {
            throw new IOException(source + ": not an IDX file: shorter than the 4-byte magic number" + cause(e), e);
        }
        if (zero0 != 0 || zero1 != 0) {
            throw new IOException(source + ": not an IDX file: the magic number must start with two zero bytes");
        }
        IdxArray.Type type = IdxArray.Type.ofCode(code);
        if (type == null) {
            throw new IOException(source + ": unknown IDX type code 0x" + Integer.toHexString(code)
                    + " (expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E)");
        }
        if (rank == 0) {
            throw new IOException(source + ": IDX rank is 0; an IDX array needs at least one axis");
        }
        int[] shape = new int[rank];
        long numel = 1;
        for (int i = 0; i < rank; i++) {
            try {
                shape[i] = data.readInt();
            } catch (EOFException e) {
                throw new IOException(source + ": truncated: the header declares " + rank + " axes but ends after "
                        + i + cause(e), e);
            }
            if (shape[i] < 0) {
                throw new IOException(source + ": axis " + i + " has negative size " + shape[i]);
            }
            numel *= shape[i];
            if (numel * type.size() > Integer.MAX_VALUE - 8) {
                throw new IOException(source + ": shape " + Arrays.toString(Arrays.copyOf(shape, i + 1))
                        + "... holds more than 2 GiB, more than one Java array can hold");
            }
        }
        long expected = numel * type.size();
        long headerBytes = 4L + 4L * rank;
        if (fileSize < 0 && expected > InflateLimit.bytes()) {
            throw InflateLimit.exceeded(source, "the " + expected + " bytes of data that shape "
                    + Arrays.toString(shape) + " of " + type + " declares", InflateLimit.bytes());
        }
        if (fileSize >= 0 && fileSize - headerBytes != expected) {
            throw new IOException(source + ": shape " + Arrays.toString(shape) + " of " + type + " needs "
                    + expected + " bytes of data but the file has " + (fileSize - headerBytes)
                    + (fileSize - headerBytes < expected ? " (truncated)" : " (extra bytes after the data)"));
        }
        byte[] bytes = readExactly(data, (int) expected, source, shape, type);
        return new IdxArray(type, shape, bytes);
    }

    /**
     * The reason a stream ended early, when a decompressor gave one ({@code " (Unexpected end of ZLIB input
     * stream)"} for a cut gzip file); empty for a plain end of file.
     */
    private static String cause(EOFException e) {
        return e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
    }

    /** Reads exactly {@code n} bytes and checks the stream ends there, growing the buffer only as data arrives. */
    private static byte[] readExactly(InputStream in, int n, String source, int[] shape, IdxArray.Type type)
            throws IOException {
        byte[] buf = new byte[Math.min(n, CHUNK)];
        int filled = 0;
        while (filled < n) {
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            }
            int r = in.read(buf, filled, buf.length - filled);
            if (r < 0) {
                throw new IOException(source + ": truncated: shape " + Arrays.toString(shape) + " of " + type
                        + " needs " + n + " bytes of data but only " + filled + " follow the header");
            }
            filled += r;
        }
        if (in.read() >= 0) {
            throw new IOException(source + ": extra bytes after the " + n + " bytes of data that shape "
                    + Arrays.toString(shape) + " of " + type + " declares");
        }
        return buf;
    }
}
