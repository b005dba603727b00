package dev.tessera.io;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An array read from an IDX file (the MNIST family's format): its element type, shape and the elements as the
 * file stores them (big-endian), decoded on request. Immutable.
 */
public final class IdxArray {
    /** IDX element types, with the type code of the file's third byte and the element size. */
    public enum Type {
        /** 0x08: unsigned byte. */
        UBYTE(0x08, 1),
        /** 0x09: signed byte. */
        BYTE(0x09, 1),
        /** 0x0B: signed 16-bit integer. */
        SHORT(0x0B, 2),
        /** 0x0C: signed 32-bit integer. */
        INT(0x0C, 4),
        /** 0x0D: IEEE binary32. */
        FLOAT(0x0D, 4),
        /** 0x0E: IEEE binary64. */
        DOUBLE(0x0E, 8);

        private final int code;
        private final int size;

        Type(int code, int size) {
            this.code = code;
            this.size = size;
        }

        /** The type code stored in the file. */
        public int code() {
            return code;
        }

        /** Bytes per element. */
        public int size() {
            return size;
        }

        /** The type with file code {@code code}, or null. */
        static Type ofCode(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    private final Type type;
    private final int[] shape;
    private final byte[] data;

    IdxArray(Type type, int[] shape, byte[] data) {
        this.type = type;
        this.shape = shape;
        this.data = data;
    }

    /** The element type. */
    public Type type() {
        return type;
    }

    /** The shape (a copy), e.g. {@code [60000, 28, 28]} for MNIST training images. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int numel() {
        return data.length / type.size;
    }

    /** Every element converted to float, row-major (unsigned bytes as 0..255). */
    public float[] toFloatArray() {
        int n = numel();
        float[] out = new float[n];
        if (type == Type.UBYTE) {
            for (int i = 0; i < n; i++) {
                out[i] = data[i] & 0xff;
            }
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int i = 0; i < n; i++) {
            out[i] = (float) element(b, i);
        }
        return out;
    }

    /**
     * Every element as an int, row-major (for labels).
     *
     * @throws IllegalStateException for a float or double array, whose values are not integers in general
     */
    public int[] toIntArray() {
        if (type == Type.FLOAT || type == Type.DOUBLE) {
            throw new IllegalStateException("IdxArray.toIntArray: the array holds " + type + " values; use"
                    + " toFloatArray()");
        }
        int n = numel();
        int[] out = new int[n];
        ByteBuffer b = ByteBuffer.wrap(data);
        for (int i = 0; i < n; i++) {
            out[i] = (int) element(b, i);
        }
        return out;
    }

    private double element(ByteBuffer b, int i) {
        return switch (type) {
            case UBYTE -> data[i] & 0xff;
            case BYTE -> data[i];
            case SHORT -> b.getShort(2 * i);
            case INT -> b.getInt(4 * i);
            case FLOAT -> b.getFloat(4 * i);
            case DOUBLE -> b.getDouble(8 * i);
        };
    }

    @Override
    public String toString() {
        return "IdxArray(" + type + ", " + Arrays.toString(shape) + ")";
    }
}
