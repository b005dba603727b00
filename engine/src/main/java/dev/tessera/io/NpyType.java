package dev.tessera.io;

import dev.tessera.DType;

/**
 * The element types {@link Npy} reads and writes: little-endian {@code <f2 <f4 <f8 <i4 <i8} and the byte type
 * {@code |u1}, each with the NumPy {@code descr} string it is written as and the Tensor dtype it loads into.
 */
public enum NpyType {
    /** {@code <f4}: IEEE binary32, loads as FLOAT32. */
    FLOAT32("<f4", 4, DType.FLOAT32),
    /** {@code <f8}: IEEE binary64, loads as FLOAT64. */
    FLOAT64("<f8", 8, DType.FLOAT64),
    /** {@code <f2}: IEEE binary16, loads as FLOAT16. */
    FLOAT16("<f2", 2, DType.FLOAT16),
    /** {@code <i4}: signed 32-bit integer, loads as INT32. */
    INT32("<i4", 4, DType.INT32),
    /** {@code <i8}: signed 64-bit integer, loads as INT32 when every value fits (else the load fails). */
    INT64("<i8", 8, DType.INT32),
    /** {@code |u1}: unsigned byte 0..255, loads as INT32. */
    UINT8("|u1", 1, DType.INT32);

    /** Why a BFLOAT16 tensor cannot be written as {@code .npy}, and what to do instead. */
    static final String NO_BFLOAT16 = "NumPy has no bfloat16 type, so a BFLOAT16 tensor cannot be stored as .npy; "
            + "convert it with to(DType.FLOAT32) (exact) first, or save it as safetensors (BF16)";

    private final String descr;
    private final int itemSize;
    private final DType tensorType;

    NpyType(String descr, int itemSize, DType tensorType) {
        this.descr = descr;
        this.itemSize = itemSize;
        this.tensorType = tensorType;
    }

    /** The NumPy {@code descr} written in headers, e.g. {@code <f4}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** The Tensor dtype {@link NpyArray#toTensor} produces. */
    public DType tensorType() {
        return tensorType;
    }

    /**
     * The type for a header's {@code descr}. Byte types may be written {@code |u1}, {@code <u1} or {@code u1};
     * {@code =} (native order) is read as little-endian, as NumPy on every platform Tessera runs on writes it.
     *
     * @throws IllegalArgumentException naming the descr and why it is refused (big-endian, object, other types)
     */
    public static NpyType parse(String descr) {
        if (descr.isEmpty()) {
            throw new IllegalArgumentException("empty dtype descr");
        }
        char order = descr.charAt(0);
        String code = "<>|=".indexOf(order) >= 0 ? descr.substring(1) : descr;
        if (code.startsWith("O")) {
            throw new IllegalArgumentException("dtype '" + descr + "' is an object array (Python objects, pickled);"
                    + " only plain numeric arrays can be read");
        }
        if (order == '>' && !code.equals("u1")) {
            throw new IllegalArgumentException("dtype '" + descr + "' is big-endian; convert it in NumPy first with"
                    + " a.astype(a.dtype.newbyteorder('<'))");
        }
        for (NpyType t : values()) {
            if (t.descr.substring(1).equals(code)) {
                return t;
            }
        }
        throw new IllegalArgumentException("dtype '" + descr + "' is not supported (supported: <f2, <f4, <f8, <i4,"
                + " <i8, |u1)");
    }
}
