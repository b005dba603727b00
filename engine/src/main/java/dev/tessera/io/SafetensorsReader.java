package dev.tessera.io;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.HalfFloats;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads safetensors files: the header is validated in full ({@link SafetensorsHeader#parse}) before any data is
 * read, then each tensor's bytes are streamed, one chunk at a time at 64-bit file positions, little-endian into a
 * tensor of its Tessera dtype, so files and tensors over 2 GiB are read without an array of their size. A file with Tessera's
 * checksum ({@link SafetensorsHeader#CHECKSUM_KEY}) is verified as it is read; the entry is not part of the
 * metadata handed back.
 */
final class SafetensorsReader {
    private SafetensorsReader() {
    }

    /** A parsed header with the raw bytes it came from (the 8-byte length field, then the JSON). */
    private record RawHeader(SafetensorsHeader header, byte[] length, byte[] json) {
    }

    private static RawHeader readHeader(FileChannel ch, String source) throws IOException {
        long fileLength = ch.size();
        if (fileLength < 8) {
            SafetensorsHeader.checkLength(source, 0, fileLength);
        }
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, len, 0, source);
        long n = len.flip().getLong();
        SafetensorsHeader.checkLength(source, n, fileLength);
        ByteBuffer json = ByteBuffer.allocate((int) n);
        readFully(ch, json, 8, source);
        return new RawHeader(SafetensorsHeader.parse(source, n, json.array(), fileLength), len.array(),
                json.array());
    }

    static SafetensorsHeader readHeader(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(ch, path.toString()).header();
        }
    }

    /**
     * A CRC-32C already fed with the length field and the header (the checksum's digits read as zeros), when the
     * header holds a Tessera checksum; null when it holds none.
     */
    private static CRC32C checksumOfHeader(RawHeader raw, String source) throws SafetensorsFormatException {
        String stored = raw.header().metadata().get(SafetensorsHeader.CHECKSUM_KEY);
        if (stored == null) {
            return null;
        }
        int at = SafetensorsHeader.checksumPosition(raw.json());
        if (!stored.matches("[0-9a-f]{8}") || at < 0) {
            throw new SafetensorsFormatException("safetensors " + source + ": the checksum entry "
                    + SafetensorsHeader.CHECKSUM_KEY + " is '" + stored + "', not 8 hex digits as Tessera writes it");
        }
        byte[] json = raw.json().clone();
        java.util.Arrays.fill(json, at, at + 8, (byte) '0');
        CRC32C crc = new CRC32C();
        crc.update(raw.length());
        crc.update(json);
        return crc;
    }

    /** Every tensor of the file; F16 and BF16 widened to FLOAT32 when {@code widenHalf}. */
    static SafetensorsContent read(Path path, Device device, boolean widenHalf) throws IOException {
        String source = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            RawHeader raw = readHeader(ch, source);
            SafetensorsHeader header = raw.header();
            CRC32C crc = checksumOfHeader(raw, source);
            long dataStart = 8 + header.headerBytes();
            List<SafetensorsHeader.Entry> inFileOrder = new ArrayList<>(header.entries());
            inFileOrder.sort(Comparator.comparingLong(SafetensorsHeader.Entry::begin));
            Map<String, Tensor> read = new HashMap<>();
            try {
                for (SafetensorsHeader.Entry e : inFileOrder) {
                    read.put(e.name(), Scope.persist(readTensor(ch, source, dataStart, e, crc, device, widenHalf)));
                }
                if (crc != null) {
                    String computed = new String(SafetensorsHeader.checksumDigits(crc.getValue()),
                            StandardCharsets.US_ASCII);
                    String stored = header.metadata().get(SafetensorsHeader.CHECKSUM_KEY);
                    if (!computed.equals(stored)) {
                        throw new SafetensorsFormatException("safetensors " + source + ": the file is damaged: its "
                                + "CRC-32C is " + computed + " but it was written with " + stored);
                    }
                }
            } catch (IOException | RuntimeException ex) {
                read.values().forEach(Tensor::close);
                throw ex;
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            header.entries().forEach(e -> out.put(e.name(), read.get(e.name())));
            Map<String, String> metadata = new LinkedHashMap<>(header.metadata());
            metadata.remove(SafetensorsHeader.CHECKSUM_KEY);
            return new SafetensorsContent(out, Collections.unmodifiableMap(metadata));
        }
    }

    /**
     * Streams the bytes of entry {@code e} into a new tensor on {@code device}, one chunk at a time (a tensor over
     * 2 GiB never needs one array of its bytes), feeding them to {@code crc} when there is one; a half type is widened
     * to FLOAT32 when {@code widenHalf}.
     */
    private static Tensor readTensor(FileChannel ch, String source, long dataStart, SafetensorsHeader.Entry e,
                                     CRC32C crc, Device device, boolean widenHalf) throws IOException {
        int size = e.type().bytes();
        long first = dataStart + e.begin();
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(e.numel(), TensorChunks.CHUNK_ELEMENTS) * size)
                .order(ByteOrder.LITTLE_ENDIAN);
        DType dtype = widenHalf && e.type().readAs().isHalf() ? DType.FLOAT32 : e.type().readAs();
        return TensorChunks.create(device, dtype, Shape.of(e.shape()), (chunk, start, m) -> {
            bytes.clear().limit(m * size);
            readFully(ch, bytes, first + start * size, source);
            bytes.flip();
            if (crc != null) {
                crc.update(bytes.duplicate());
            }
            decode(source, e, bytes, chunk, start, m);
        });
    }

    /** Converts {@code m} stored elements of {@code e} (the first of them element {@code start}) into the chunk. */
    private static void decode(String source, SafetensorsHeader.Entry e, ByteBuffer b, Object chunk, long start,
                               int m) throws SafetensorsFormatException {
        switch (e.type()) {
            case F32, F64, I32 -> PrimitiveArrays.copy(b, chunk, 0, m, true);
            case I64 -> {
                int[] v = (int[]) chunk;
                for (int i = 0; i < m; i++) {
                    long x = b.getLong();
                    if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                        throw new SafetensorsFormatException("safetensors " + source + ": tensor \"" + e.name()
                                + "\" (I64) holds " + x + " at element " + (start + i) + ", outside the INT32 range "
                                + "it is read into");
                    }
                    v[i] = (int) x;
                }
            }
            case F16, BF16 -> {
                if (chunk instanceof short[] bits) {
                    PrimitiveArrays.copy(b, bits, 0, m, true);
                } else {
                    float[] f = (float[]) chunk;
                    DType half = e.type().readAs();
                    for (int i = 0; i < m; i++) {
                        f[i] = HalfFloats.widen(half, b.getShort());
                    }
                }
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position, String source) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int r = ch.read(dst, at);
            if (r < 0) {
                throw new EOFException("safetensors " + source + ": file ended at byte " + at + " while reading");
            }
            at += r;
        }
    }
}
