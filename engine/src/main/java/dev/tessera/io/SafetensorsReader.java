package dev.tessera.io;

import dev.tessera.Device;
import dev.tessera.Scope;
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
 * read, then each tensor's bytes are read little-endian and converted to its Tessera dtype. A file with Tessera's
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

    static SafetensorsContent read(Path path, Device device) throws IOException {
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
                    ByteBuffer bytes = ByteBuffer.allocate((int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
                    readFully(ch, bytes, dataStart + e.begin(), source);
                    bytes.flip();
                    if (crc != null) {
                        crc.update(bytes.duplicate());
                    }
                    read.put(e.name(), Scope.persist(toTensor(source, e, bytes, device)));
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

    private static Tensor toTensor(String source, SafetensorsHeader.Entry e, ByteBuffer b, Device device)
            throws SafetensorsFormatException {
        int n = e.numel();
        Object data = switch (e.type()) {
            case F32 -> {
                float[] f = new float[n];
                b.asFloatBuffer().get(f);
                yield f;
            }
            case F64 -> {
                double[] d = new double[n];
                b.asDoubleBuffer().get(d);
                yield d;
            }
            case I32 -> {
                int[] v = new int[n];
                b.asIntBuffer().get(v);
                yield v;
            }
            case I64 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    long x = b.getLong();
                    if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                        throw new SafetensorsFormatException("safetensors " + source + ": tensor \"" + e.name()
                                + "\" (I64) holds " + x + " at element " + i + ", outside the INT32 range it is "
                                + "read into");
                    }
                    v[i] = (int) x;
                }
                yield v;
            }
            case F16 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = halfToFloat(b.getShort());
                }
                yield f;
            }
            case BF16 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                }
                yield f;
            }
        };
        int[] shape = e.shape();
        if (shape.length == 0) {
            double v = data instanceof float[] f ? f[0] : data instanceof double[] d ? d[0] : ((int[]) data)[0];
            return Tensor.scalar(v, e.type().readAs(), device);
        }
        if (data instanceof float[] f) {
            return Tensor.of(device, f, shape);
        }
        if (data instanceof double[] d) {
            return Tensor.of(device, d, shape);
        }
        return Tensor.of(device, (int[]) data, shape);
    }

    /** IEEE binary16 to binary32, exactly (subnormals, infinities and NaN included). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float magnitude = mant * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
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
