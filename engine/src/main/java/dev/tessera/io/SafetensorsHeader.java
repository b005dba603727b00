package dev.tessera.io;

import dev.tessera.DType;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated header of a safetensors file: its tensor entries (name, stored dtype, shape, byte range within the
 * data section) in header order, and the {@code __metadata__} string map.
 *
 * <p>Format: an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON, then the data section. The
 * JSON is an object mapping each tensor name to {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [b, e]}},
 * offsets relative to the start of the data section, plus an optional {@code "__metadata__"} object of strings.
 * {@link #parse} checks everything before any byte of data is trusted: N against {@link #MAX_HEADER_BYTES} and
 * the file length, the JSON (no repeated names), each entry's fields, that {@code e - b} equals
 * {@code numel(shape) x size(dtype)} (with overflow checks), and that the ranges, sorted, start at 0, follow each
 * other without holes or overlap, and end exactly at the end of the file. Files Tessera writes also carry their
 * CRC-32C ({@link #CHECKSUM_KEY}), which {@link Safetensors#read} verifies, so a damaged byte anywhere is an error
 * rather than a silently different tensor.
 */
public final class SafetensorsHeader {
    /** The largest header accepted (100 MiB, as in the reference implementation). */
    public static final long MAX_HEADER_BYTES = 100L << 20;
    /** The key of the metadata object. */
    public static final String METADATA_KEY = "__metadata__";
    /**
     * The metadata key under which Tessera stores the file's CRC-32C as 8 lowercase hex digits: the checksum of the
     * whole file (length field, header, data) with those 8 digits read as {@code 0}s. Files written by other tools
     * do not have it and are read without the check.
     */
    public static final String CHECKSUM_KEY = "tessera.crc32c";
    /** The checksum's value while the file is being written (patched in place once the data is written). */
    static final String CHECKSUM_PLACEHOLDER = "00000000";
    private static final byte[] CHECKSUM_ENTRY = ("\"" + CHECKSUM_KEY + "\":\"").getBytes(StandardCharsets.UTF_8);

    /** Element types a safetensors file may store that Tessera reads, with the tensor dtype each becomes. */
    public enum StoredType {
        /** IEEE binary32, read as FLOAT32. */
        F32(4, DType.FLOAT32),
        /** IEEE binary64, read as FLOAT64. */
        F64(8, DType.FLOAT64),
        /** 32-bit signed integer, read as INT32. */
        I32(4, DType.INT32),
        /** 64-bit signed integer, read as INT32 when every value fits (else an error). */
        I64(8, DType.INT32),
        /** IEEE binary16, read as FLOAT16. */
        F16(2, DType.FLOAT16),
        /** bfloat16, read as BFLOAT16. */
        BF16(2, DType.BFLOAT16);

        private final int bytes;
        private final DType readAs;

        StoredType(int bytes, DType readAs) {
            this.bytes = bytes;
            this.readAs = readAs;
        }

        /** Bytes per element in the file. */
        public int bytes() {
            return bytes;
        }

        /** The tensor dtype this type is read into. */
        public DType readAs() {
            return readAs;
        }

        /** The stored type Tessera writes for {@code dtype}. */
        public static StoredType of(DType dtype) {
            return switch (dtype) {
                case FLOAT32 -> F32;
                case FLOAT64 -> F64;
                case INT32 -> I32;
                case FLOAT16 -> F16;
                case BFLOAT16 -> BF16;
            };
        }
    }

    /**
     * One tensor of the file.
     *
     * @param name  the tensor's name
     * @param type  its stored element type
     * @param shape its shape, outermost axis first
     * @param begin first byte within the data section
     * @param end   one past its last byte within the data section
     */
    public record Entry(String name, StoredType type, int[] shape, long begin, long end) {
        /** Number of elements (a long: the byte range of a tensor may exceed 2 GiB). */
        public long numel() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final List<Entry> entries;
    private final Map<String, String> metadata;
    private final long headerBytes;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata, long headerBytes) {
        this.entries = entries;
        this.metadata = metadata;
        this.headerBytes = headerBytes;
    }

    /** The entries in header order (unmodifiable). */
    public List<Entry> entries() {
        return entries;
    }

    /** The {@code __metadata__} map, empty when absent (unmodifiable, in file order). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The header length N; the data section starts at byte {@code 8 + N}. */
    public long headerBytes() {
        return headerBytes;
    }

    /**
     * Whether {@code bytes} are valid UTF-8, checked through a small buffer (decoding a 100 MB header at once would
     * take 200 MB of UTF-16 on top of the bytes and the string).
     */
    private static boolean isUtf8(byte[] bytes) {
        java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
        while (true) {
            java.nio.charset.CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                return false;
            }
            out.clear();
            if (r.isUnderflow()) {
                return !d.flush(out).isError();
            }
        }
    }

    /**
     * Validates a header.
     *
     * @param source      the file name, for messages
     * @param headerBytes the declared header length N
     * @param json        the N header bytes
     * @param fileLength  the length of the whole file
     * @throws SafetensorsFormatException naming {@code source} and the first problem
     */
    public static SafetensorsHeader parse(String source, long headerBytes, byte[] json, long fileLength)
            throws SafetensorsFormatException {
        checkLength(source, headerBytes, fileLength);
        String text;
        if (!isUtf8(json)) {
            throw fail(source, "the header is not valid UTF-8");
        }
        text = new String(json, StandardCharsets.UTF_8);
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw fail(source, "the header must be a JSON object starting with '{'");
        }
        Object root;
        try {
            root = SafetensorsJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw fail(source, "the header is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw fail(source, "the header must be a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                readMetadata(source, e.getValue(), metadata);
            } else {
                entries.add(readEntry(source, name, e.getValue()));
            }
        }
        checkRanges(source, entries, fileLength - 8 - headerBytes);
        return new SafetensorsHeader(Collections.unmodifiableList(entries), Collections.unmodifiableMap(metadata),
                headerBytes);
    }

    /** Checks the declared header length against the bound and the file length. */
    static void checkLength(String source, long headerBytes, long fileLength) throws SafetensorsFormatException {
        if (fileLength < 8) {
            throw fail(source, "the file has " + fileLength + " bytes, fewer than the 8-byte header length");
        }
        if (headerBytes < 2 || headerBytes > MAX_HEADER_BYTES) {
            throw fail(source, "header length " + Long.toUnsignedString(headerBytes) + " is outside the accepted "
                    + "range [2, " + MAX_HEADER_BYTES + "]");
        }
        if (headerBytes > fileLength - 8) {
            throw fail(source, "header length " + headerBytes + " runs past the end of the file (" + fileLength
                    + " bytes)");
        }
    }

    private static void readMetadata(String source, Object value, Map<String, String> out)
            throws SafetensorsFormatException {
        if (!(value instanceof Map<?, ?> m)) {
            throw fail(source, METADATA_KEY + " must be an object of strings");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String v)) {
                throw fail(source, METADATA_KEY + " value of \"" + e.getKey() + "\" must be a string, got "
                        + e.getValue());
            }
            out.put((String) e.getKey(), v);
        }
    }

    private static Entry readEntry(String source, String name, Object value) throws SafetensorsFormatException {
        String where = "tensor \"" + name + "\"";
        if (!(value instanceof Map<?, ?> m)) {
            throw fail(source, where + " must be an object with dtype, shape and data_offsets");
        }
        for (Object key : m.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw fail(source, where + " has an unknown field \"" + key + "\" (expected dtype, shape, "
                        + "data_offsets)");
            }
        }
        if (!(m.get("dtype") instanceof String dt)) {
            throw fail(source, where + ": dtype must be a string, got " + m.get("dtype"));
        }
        StoredType type;
        try {
            type = StoredType.valueOf(dt);
        } catch (IllegalArgumentException e) {
            throw fail(source, where + ": dtype " + dt + " is not supported (supported: F32, F64, I32, I64, F16, "
                    + "BF16)");
        }
        List<Long> shapeList = longs(source, where + ": shape", m.get("shape"), -1);
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = shapeList.get(i);
            if (d > Integer.MAX_VALUE) {
                throw fail(source, where + ": shape " + shapeList + " has an axis larger than " + Integer.MAX_VALUE);
            }
            shape[i] = (int) d;
            numel *= d; // both factors are at most 2^31 - 1, so the product cannot overflow a long
            if (numel > Integer.MAX_VALUE) {
                throw fail(source, where + ": shape " + shapeList + " has more than " + Integer.MAX_VALUE
                        + " elements, the most one tensor can hold");
            }
        }
        List<Long> offsets = longs(source, where + ": data_offsets", m.get("data_offsets"), 2);
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (end < begin) {
            throw fail(source, where + ": data_offsets " + offsets + " end before they begin");
        }
        long expected = numel * type.bytes();
        if (end - begin != expected) {
            throw fail(source, where + ": data_offsets " + offsets + " span " + (end - begin) + " bytes but "
                    + dt + " " + shapeList + " needs " + expected);
        }
        return new Entry(name, type, shape, begin, end);
    }

    private static List<Long> longs(String source, String what, Object value, int count)
            throws SafetensorsFormatException {
        if (!(value instanceof List<?> list) || (count >= 0 && list.size() != count)) {
            throw fail(source, what + " must be an array of " + (count >= 0 ? count + " " : "")
                    + "non-negative integers, got " + value);
        }
        List<Long> out = new ArrayList<>();
        for (Object o : list) {
            long v;
            try {
                v = o instanceof SafetensorsJson.Number n ? Long.parseLong(n.text()) : -1;
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0) {
                throw fail(source, what + " must hold non-negative integers, got " + list);
            }
            out.add(v);
        }
        return out;
    }

    private static void checkRanges(String source, List<Entry> entries, long dataBytes)
            throws SafetensorsFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : sorted) {
            if (e.begin() != at) {
                throw fail(source, "tensor \"" + e.name() + "\" starts at byte " + e.begin() + " of the data but "
                        + (e.begin() < at ? "overlaps the previous tensor, which ends" : "the previous tensor ends")
                        + " at " + at + " (tensors must be contiguous, without holes)");
            }
            at = e.end();
        }
        if (at != dataBytes) {
            throw fail(source, "the tensors cover " + at + " bytes of data but the file holds " + dataBytes
                    + " bytes after the header");
        }
    }

    /**
     * The position, in the header bytes, of the 8 digits of the {@link #CHECKSUM_KEY} entry, or -1 when the header
     * does not hold that entry as Tessera writes it ({@code "tessera.crc32c":"} followed by the digits). The raw text
     * {@code "tessera.crc32c":"} can only be that entry: inside a JSON string its quotes would be escaped, and a
     * tensor's entry is an object, not a string.
     */
    static int checksumPosition(byte[] header) {
        outer:
        for (int i = 0; i + CHECKSUM_ENTRY.length + 8 <= header.length; i++) {
            for (int k = 0; k < CHECKSUM_ENTRY.length; k++) {
                if (header[i + k] != CHECKSUM_ENTRY[k]) {
                    continue outer;
                }
            }
            return i + CHECKSUM_ENTRY.length;
        }
        return -1;
    }

    /** A checksum as the 8 ASCII hex digits stored in the header. */
    static byte[] checksumDigits(long crc) {
        return String.format("%08x", crc).getBytes(StandardCharsets.US_ASCII);
    }

    private static SafetensorsFormatException fail(String source, String problem) {
        return new SafetensorsFormatException("safetensors " + source + ": " + problem);
    }
}
