package dev.tessera.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Byte-level builders of the file formats Tessera reads (safetensors, .npy, IDX, gzip), with every length field
 * settable, so tests can write exactly the broken file they mean: a header length that lies, a shape that does not
 * match the data, a truncated stream. Data sections are zero bytes.
 */
final class FileBytes {
    private FileBytes() {
    }

    /** A safetensors file: the 8-byte little-endian {@code declaredLength}, the header, {@code dataBytes} zeros. */
    static byte[] safetensors(long declaredLength, byte[] header, int dataBytes) {
        return ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(declaredLength).put(header).array();
    }

    /** A safetensors file whose header length field is honest. */
    static byte[] safetensors(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return safetensors(h.length, h, dataBytes);
    }

    /** One header entry, e.g. {@code "a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}. */
    static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets
                + "}";
    }

    /**
     * A .npy file of format {@code version} (1, 2 or 3, or any byte for a hostile one): magic, version, the
     * {@code declaredLength} header length field (2 bytes in version 1, else 4), the header text as given, and
     * {@code dataBytes} zeros.
     */
    static byte[] npy(int version, long declaredLength, String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        int fixed = version == 1 ? 10 : 12;
        ByteBuffer b = ByteBuffer.allocate(fixed + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) version).put((byte) 0);
        if (version == 1) {
            b.putShort((short) declaredLength);
        } else {
            b.putInt((int) declaredLength);
        }
        return b.put(h).array();
    }

    /** A version 1.0 .npy file with an honest header length, the dictionary padded as NumPy pads it. */
    static byte[] npy(String dict, int dataBytes) {
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        return npy(1, header.length(), header, dataBytes);
    }

    /** The dictionary NumPy writes for a C-order array of {@code descr} and {@code shape}, e.g. {@code (2, 3)}. */
    static String npyDict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    /** An IDX file: zero, zero, type {@code code}, rank, the big-endian {@code dims}, then {@code dataBytes} zeros. */
    static byte[] idx(int code, int[] dims, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes);
        b.put((byte) 0).put((byte) 0).put((byte) code).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    /** {@code bytes} gzip-compressed. */
    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The first {@code length} bytes. */
    static byte[] truncate(byte[] bytes, int length) {
        return java.util.Arrays.copyOf(bytes, length);
    }

    /** {@code bytes} followed by {@code extra} zero bytes. */
    static byte[] extend(byte[] bytes, int extra) {
        return java.util.Arrays.copyOf(bytes, bytes.length + extra);
    }

    /** UTF-8 text. */
    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
