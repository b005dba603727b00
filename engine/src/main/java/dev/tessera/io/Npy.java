package dev.tessera.io;

import dev.tessera.Device;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), little-endian {@code f4 f8 i4 i8}
 * and {@code u1}, C order.
 *
 * <p>The layout: the magic {@code \x93NUMPY}, major and minor version bytes, the header length (2 bytes
 * little-endian in version 1, 4 bytes in versions 2 and 3), the header (a Python dict literal, latin-1 in versions
 * 1 and 2, UTF-8 in version 3, padded with spaces and a newline so the data starts on a multiple of 64 bytes),
 * then the elements in C order.
 *
 * <p>Reading trusts nothing: every length in the file is checked against the file's size before anything is
 * allocated, so a truncated or hostile file gives an {@link IOException} naming the file and the mismatch, never an
 * {@link OutOfMemoryError}. Object arrays, structured dtypes, Fortran order and big-endian data are refused with a
 * message saying how to convert them. Writing goes to a temporary file in the target folder that is then renamed
 * over the target, so a failed write never leaves a half-written file.
 */
public final class Npy {
    /** The longest header {@link #read} accepts (NumPy's own headers are a few hundred bytes). */
    public static final int MAX_HEADER_BYTES = 64 << 10;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int CHUNK = 1 << 20;

    private Npy() {
    }

    // =================================================================== reading

    /**
     * Reads {@code file}.
     *
     * @throws IOException when the file cannot be read, is not a .npy file, is truncated or longer than its header
     *                     says, or holds an unsupported dtype or layout (the message names the file and the reason)
     */
    public static NpyArray read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = layout(ch, file);
            NpyHeader header = layout.header();
            return NpyArray.wrap(header.type(), header.shape(), readData(ch, layout.dataStart(), header.type(),
                    Math.toIntExact(layout.numel()), file));
        }
    }

    /**
     * Reads {@code file} into a new tensor on {@code device} with {@link NpyType#tensorType()}: f4 as FLOAT32, f8
     * as FLOAT64, f2 as FLOAT16, i4, u1 and i8 as INT32. The data is streamed from the file into the device one
     * chunk at a time, so a file over 2 GiB needs no array of its size.
     *
     * @throws IOException as {@link #read} does, and for an i8 value outside the INT32 range (naming it) or a
     *                     shape the device cannot hold
     */
    public static Tensor readTensor(Path file, Device device) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout layout = layout(ch, file);
            NpyType type = layout.header().type();
            int per = type.itemSize();
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(layout.numel(), TensorChunks.CHUNK_ELEMENTS) * per)
                    .order(ByteOrder.LITTLE_ENDIAN);
            try {
                return TensorChunks.create(device, type.tensorType(), Shape.of(layout.header().shape()),
                        (chunk, start, m) -> {
                            bytes.clear().limit(m * per);
                            readFully(ch, bytes, layout.dataStart() + start * per, file);
                            decode(type, bytes.flip(), chunk, start, m, file);
                        });
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
    }

    /** A validated header, where the data starts and how many elements it holds. */
    private record Layout(NpyHeader header, long dataStart, long numel) {
    }

    /** Reads and checks the preamble and header of {@code file}, and that the data fills the rest exactly. */
    private static Layout layout(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < 10) {
            throw new IOException(file + ": not a .npy file: " + size + " bytes is shorter than the 10-byte"
                    + " preamble");
        }
        ByteBuffer pre = readAt(ch, 0, (int) Math.min(12, size), file);
        for (int i = 0; i < MAGIC.length; i++) {
            if (pre.get(i) != MAGIC[i]) {
                throw new IOException(file + ": not a .npy file (it does not start with \\x93NUMPY)");
            }
        }
        int major = pre.get(6) & 0xff;
        int minor = pre.get(7) & 0xff;
        if (major < 1 || major > 3) {
            throw new IOException(file + ": .npy format version " + major + "." + minor
                    + " is not supported (1.0, 2.0 and 3.0 are)");
        }
        int headerStart = major == 1 ? 10 : 12;
        if (size < headerStart) {
            throw new IOException(file + ": truncated: " + size + " bytes is shorter than the " + headerStart
                    + "-byte preamble of version " + major);
        }
        long headerLength = major == 1 ? pre.getShort(8) & 0xffffL : pre.getInt(8) & 0xffffffffL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new IOException(file + ": header length " + headerLength + " exceeds the " + MAX_HEADER_BYTES
                    + " bytes a .npy header may have (NumPy writes a few hundred)");
        }
        if (headerStart + headerLength > size) {
            throw new IOException(file + ": header length " + headerLength + " runs past the end of the file ("
                    + size + " bytes)");
        }
        ByteBuffer headerBytes = readAt(ch, headerStart, (int) headerLength, file);
        String text = new String(headerBytes.array(), major == 3 ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1);
        NpyHeader header;
        try {
            header = NpyHeader.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        long dataStart = headerStart + headerLength;
        long numel = 1;
        for (int d : header.shape()) {
            numel *= d;
        }
        long expected = numel * header.type().itemSize();
        long actual = size - dataStart;
        if (actual != expected) {
            throw new IOException(file + ": shape " + Arrays.toString(header.shape()) + " of "
                    + header.type().descr() + " needs " + expected + " bytes of data but the file has " + actual
                    + (actual < expected ? " (truncated)" : " (extra bytes after the data)"));
        }
        return new Layout(header, dataStart, numel);
    }

    /** Converts {@code m} file elements of {@code type} (the first is element {@code start}) into the chunk. */
    private static void decode(NpyType type, ByteBuffer b, Object chunk, long start, int m, Path file)
            throws IOException {
        switch (type) {
            case FLOAT32, FLOAT64, INT32, FLOAT16 -> PrimitiveArrays.copy(b, chunk, 0, m, true);
            case INT64 -> {
                int[] v = (int[]) chunk;
                for (int i = 0; i < m; i++) {
                    long x = b.getLong();
                    if (x != (int) x) {
                        throw new IOException(file + ": int64 element " + (start + i) + " = " + x
                                + " does not fit in INT32, the widest integer tensor type");
                    }
                    v[i] = (int) x;
                }
            }
            case UINT8 -> {
                int[] v = (int[]) chunk;
                for (int i = 0; i < m; i++) {
                    v[i] = b.get() & 0xff;
                }
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position, Path file) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IOException(file + ": truncated while reading");
            }
        }
    }

    private static ByteBuffer readAt(FileChannel ch, long position, int length, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, b, position, file);
        return b.flip();
    }

    private static Object readData(FileChannel ch, long start, NpyType type, int numel, Path file)
            throws IOException {
        Object out = switch (type) {
            case FLOAT32 -> new float[numel];
            case FLOAT64 -> new double[numel];
            case INT32 -> new int[numel];
            case INT64 -> new long[numel];
            case FLOAT16 -> new short[numel];
            case UINT8 -> new byte[numel];
        };
        int per = type.itemSize();
        int perChunk = CHUNK / per;
        long position = start;
        for (int done = 0; done < numel; ) {
            int count = Math.min(perChunk, numel - done);
            ByteBuffer b = readAt(ch, position, count * per, file);
            PrimitiveArrays.copy(b, out, done, count, true);
            done += count;
            position += (long) count * per;
        }
        return out;
    }

    // =================================================================== writing

    /**
     * Writes {@code tensor} as {@code <f4}, {@code <f8}, {@code <i4} or {@code <f2} (format version 1.0, or 2.0 for
     * a header over 65,535 bytes) through a temporary file renamed over {@code file}. The elements are streamed from
     * the device one chunk at a time, so a tensor over 2 GiB needs no copy on the heap.
     *
     * @throws IllegalArgumentException for a BFLOAT16 tensor (NumPy has no bfloat16 type)
     */
    public static void write(Path file, Tensor tensor) throws IOException {
        NpyType type = switch (tensor.dtype()) {
            case FLOAT32 -> NpyType.FLOAT32;
            case FLOAT64 -> NpyType.FLOAT64;
            case INT32 -> NpyType.INT32;
            case FLOAT16 -> NpyType.FLOAT16;
            case BFLOAT16 -> throw new IllegalArgumentException("npy write " + file + ": " + NpyType.NO_BFLOAT16);
        };
        NpyHeader header = new NpyHeader(type, tensor.shape().dims());
        int per = type.itemSize();
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(tensor.numel(), TensorChunks.CHUNK_ELEMENTS) * per)
                .order(ByteOrder.LITTLE_ENDIAN);
        writeAtomically(file, preamble(header.format(), versionFor(header)), ch -> TensorChunks.read(tensor,
                (chunk, m) -> {
                    b.clear();
                    PrimitiveArrays.copy(b, chunk, 0, m, false);
                    b.limit(m * per);
                    writeFully(ch, b);
                }));
    }

    /** Writes {@code array} in format version 1.0, or 2.0 when its header does not fit version 1's 65,535 bytes. */
    public static void write(Path file, NpyArray array) throws IOException {
        write(file, array, versionFor(new NpyHeader(array.type(), array.shape())));
    }

    private static int versionFor(NpyHeader header) {
        return header.format().length() + ALIGN < 0xffff ? 1 : 2;
    }

    /**
     * Writes {@code array} in format version {@code version} (1, 2 or 3) through a temporary file renamed over
     * {@code file}.
     *
     * @throws IllegalArgumentException for another version, or version 1 with a header over 65,535 bytes
     */
    public static void write(Path file, NpyArray array, int version) throws IOException {
        if (version < 1 || version > 3) {
            throw new IllegalArgumentException("Npy.write: version must be 1, 2 or 3, got " + version);
        }
        byte[] preamble = preamble(new NpyHeader(array.type(), array.shape()).format(), version);
        writeAtomically(file, preamble, ch -> writeData(ch, array));
    }

    /** Writes the data section of a file whose preamble is already written. */
    @FunctionalInterface
    private interface DataWriter {
        void write(FileChannel ch) throws IOException;
    }

    /**
     * Writes {@code preamble} and then the data to a temporary file in {@code file}'s folder, flushes it and renames
     * it over {@code file}, so a failed write never leaves a half-written file.
     */
    private static void writeAtomically(Path file, byte[] preamble, DataWriter data) throws IOException {
        Path target = file.toAbsolutePath();
        if (!Files.isDirectory(target.getParent())) {
            throw new NoSuchFileException(target.getParent().toString(), null, "cannot write "
                    + target.getFileName() + " there: the directory does not exist");
        }
        Path tmp = TemporaryFiles.create(target.getParent(), target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, ByteBuffer.wrap(preamble));
                data.write(ch);
                ch.force(false);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Magic, version, header length and the header padded so the data starts on a multiple of 64 bytes. */
    private static byte[] preamble(String headerText, int version) {
        if (headerText.length() + ALIGN > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("Npy.write: the header takes " + headerText.length() + " bytes, over the "
                    + MAX_HEADER_BYTES + " a .npy reader accepts");
        }
        byte[] text = headerText.getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int fixed = version == 1 ? 10 : 12;
        int unpadded = fixed + text.length + 1;
        int total = (unpadded + ALIGN - 1) / ALIGN * ALIGN;
        int headerLength = total - fixed;
        if (version == 1 && headerLength > 0xffff) {
            throw new IllegalArgumentException("Npy.write: a header of " + headerLength
                    + " bytes does not fit format version 1 (at most 65,535); use version 2");
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(text);
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    private static void writeData(FileChannel ch, NpyArray array) throws IOException {
        NpyType type = array.type();
        int numel = array.numel();
        int per = type.itemSize();
        int perChunk = CHUNK / per;
        Object data = array.data();
        for (int done = 0; done < numel; ) {
            int count = Math.min(perChunk, numel - done);
            ByteBuffer b = ByteBuffer.allocate(count * per).order(ByteOrder.LITTLE_ENDIAN);
            PrimitiveArrays.copy(b, data, done, count, false);
            b.position(0).limit(count * per);
            writeFully(ch, b);
            done += count;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
