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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads safetensors files: the header is validated in full ({@link SafetensorsHeader#parse}) before any data is
 * read, then each tensor's bytes are read little-endian and converted to its Tessera dtype.
 */
final class SafetensorsReader {
    private SafetensorsReader() {
    }

    static SafetensorsHeader readHeader(FileChannel ch, String source) throws IOException {
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
        return SafetensorsHeader.parse(source, n, json.array(), fileLength);
    }

    static SafetensorsHeader readHeader(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(ch, path.toString());
        }
    }

    static SafetensorsContent read(Path path, Device device) throws IOException {
        String source = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            SafetensorsHeader header = readHeader(ch, source);
            long dataStart = 8 + header.headerBytes();
            Map<String, Tensor> out = new LinkedHashMap<>();
            try {
                for (SafetensorsHeader.Entry e : header.entries()) {
                    ByteBuffer bytes = ByteBuffer.allocate((int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
                    readFully(ch, bytes, dataStart + e.begin(), source);
                    bytes.flip();
                    out.put(e.name(), Scope.persist(toTensor(source, e, bytes, device)));
                }
            } catch (IOException | RuntimeException ex) {
                out.values().forEach(Tensor::close);
                throw ex;
            }
            return new SafetensorsContent(out, header.metadata());
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
