package dev.tessera.reliability;

import static dev.tessera.reliability.FileBytes.entry;
import static dev.tessera.reliability.FileBytes.extend;
import static dev.tessera.reliability.FileBytes.gzip;
import static dev.tessera.reliability.FileBytes.idx;
import static dev.tessera.reliability.FileBytes.npy;
import static dev.tessera.reliability.FileBytes.npyDict;
import static dev.tessera.reliability.FileBytes.safetensors;
import static dev.tessera.reliability.FileBytes.text;
import static dev.tessera.reliability.FileBytes.truncate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue of hand-made broken files: for each format, lying length fields, shapes that do not match the data,
 * truncations, garbled headers and resource-exhaustion traps (a huge declared shape in a tiny file, deeply nested
 * headers), each with a fragment its error message must contain.
 */
final class HostileFiles {
    private HostileFiles() {
    }

    /**
     * One broken file.
     *
     * @param format   the reader that must refuse it
     * @param name     what is wrong with it
     * @param bytes    its content
     * @param fragment text the error message must contain (besides the file name)
     */
    record Case(FileFormat format, String name, byte[] bytes, String fragment) {
        @Override
        public String toString() {
            return format + ": " + name;
        }
    }

    /** Every case. */
    static List<Case> all() {
        List<Case> out = new ArrayList<>();
        safetensorsCases(out);
        npyCases(out);
        idxCases(out);
        csvCases(out);
        return out;
    }

    private static String twoTensors(String aOffsets, String bOffsets) {
        return "{" + entry("a", "F32", "[2,3]", aOffsets) + "," + entry("b", "I32", "[4]", bOffsets) + "}";
    }

    private static void safetensorsCases(List<Case> out) {
        FileFormat f = FileFormat.SAFETENSORS;
        String good = twoTensors("[0,24]", "[24,40]");
        byte[] valid = safetensors(good, 40);
        byte[] header = text(good);
        out.add(new Case(f, "empty file", new byte[0], "fewer than the 8-byte header length"));
        out.add(new Case(f, "7 bytes", new byte[7], "fewer than the 8-byte header length"));
        out.add(new Case(f, "header length beyond the file", safetensors(header.length + 1000, header, 40),
                "runs past the end of the file"));
        out.add(new Case(f, "header length of 1 TiB", safetensors(1L << 40, header, 40), "outside the accepted range"));
        out.add(new Case(f, "header length 2^64-1", safetensors(-1L, header, 40), "outside the accepted range"));
        out.add(new Case(f, "header length 0", safetensors(0, header, 40), "outside the accepted range"));
        out.add(new Case(f, "header not JSON", safetensors("{\"a\": garbage}", 0), "not valid JSON"));
        out.add(new Case(f, "header not UTF-8", safetensors(4, new byte[]{'{', (byte) 0xff, (byte) 0xfe, '}'}, 0),
                "not valid UTF-8"));
        out.add(new Case(f, "header a JSON array", safetensors("[1,2]", 0), "must be a JSON object"));
        out.add(new Case(f, "header nested 100,000 deep",
                safetensors("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}", 0), "nests deeper than"));
        out.add(new Case(f, "a shape of 1,000,000 axes", safetensors("{" + entry("a", "F32", "[" + "1,".repeat(999_999)
                + "1]", "[0,4]") + "}", 4), "array of more than 64 elements"));
        out.add(new Case(f, "duplicate tensor names", safetensors("{" + entry("a", "F32", "[2]", "[0,8]") + ","
                + entry("a", "F32", "[2]", "[8,16]") + "}", 16), "repeats the key \"a\""));
        out.add(new Case(f, "offsets beyond the data", safetensors(twoTensors("[0,24]", "[1000,1016]"), 40),
                "starts at byte 1000"));
        out.add(new Case(f, "overlapping offsets", safetensors(twoTensors("[0,24]", "[16,32]"), 32), "overlaps"));
        out.add(new Case(f, "a hole between tensors", safetensors(twoTensors("[0,24]", "[32,48]"), 48),
                "without holes"));
        out.add(new Case(f, "size not dtype x shape", safetensors(twoTensors("[0,20]", "[20,36]"), 36),
                "needs 24"));
        out.add(new Case(f, "end before begin", safetensors(twoTensors("[24,0]", "[24,40]"), 40),
                "end before they begin"));
        out.add(new Case(f, "fractional offset", safetensors(twoTensors("[0,24.0]", "[24,40]"), 40),
                "non-negative integers"));
        out.add(new Case(f, "negative axis", safetensors("{" + entry("a", "F32", "[-2,3]", "[0,24]") + "}", 24),
                "non-negative integers"));
        out.add(new Case(f, "axis beyond 2^31", safetensors("{" + entry("a", "F32", "[3000000000]", "[0,12000000000]")
                + "}", 0), "has an axis larger than"));
        out.add(new Case(f, "more elements than a tensor holds", safetensors("{" + entry("a", "F32", "[100000,100000]",
                "[0,40000000000]") + "}", 0), "elements, the most one tensor can hold"));
        out.add(new Case(f, "1.6 GB declared in a tiny file", safetensors("{" + entry("a", "F32", "[20000,20000]",
                "[0,1600000000]") + "}", 16), "cover 1600000000 bytes of data but the file holds 16"));
        out.add(new Case(f, "unknown dtype", safetensors("{" + entry("a", "Q4", "[2]", "[0,2]") + "}", 2),
                "dtype Q4 is not supported"));
        out.add(new Case(f, "unknown entry field", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[0,4],\"crc\":1}}", 4), "unknown field \"crc\""));
        out.add(new Case(f, "metadata value not a string", safetensors("{\"__metadata__\":{\"k\":1}}", 0),
                "must be a string"));
        out.add(new Case(f, "data truncated", truncate(valid, valid.length - 5), "the file holds 35"));
        out.add(new Case(f, "data extended", extend(valid, 3), "the file holds 43"));
    }

    private static void npyCases(List<Case> out) {
        FileFormat f = FileFormat.NPY;
        byte[] valid = npy(npyDict("<f4", "(2, 3)"), 24);
        out.add(new Case(f, "5 bytes", truncate(valid, 5), "shorter than the 10-byte preamble"));
        byte[] badMagic = valid.clone();
        badMagic[1] = 'X';
        out.add(new Case(f, "bad magic", badMagic, "does not start with"));
        out.add(new Case(f, "format version 9", npy(9, 54, npyDict("<f4", "(2, 3)") + "\n", 24), "version 9.0"));
        out.add(new Case(f, "v1 header length beyond the file", npy(1, 60_000, npyDict("<f4", "(2,)"), 0),
                "runs past the end of the file"));
        out.add(new Case(f, "v2 header length 4 GiB", npy(2, 0xFFFF_FFF0L, npyDict("<f4", "(2,)"), 0),
                "exceeds the 65536 bytes a .npy header may have"));
        String padded = npyDict("<f4", "(1,)") + " ".repeat(100_000);
        out.add(new Case(f, "v2 header of 100 KB", npy(2, padded.length(), padded, 4),
                "exceeds the 65536 bytes a .npy header may have"));
        out.add(new Case(f, "6.4 GB declared in a tiny file", npy(npyDict("<f4", "(40000, 40000)"), 16),
                "needs 6400000000 bytes of data but the file has 16 (truncated)"));
        out.add(new Case(f, "more elements than an array holds", npy(npyDict("<f4", "(100000, 100000)"), 16),
                "more than 2147483647 elements"));
        out.add(new Case(f, "data truncated", truncate(valid, valid.length - 1), "(truncated)"));
        out.add(new Case(f, "data extended", extend(valid, 4), "(extra bytes after the data)"));
        out.add(new Case(f, "Fortran order", npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", 24),
                "Fortran"));
        out.add(new Case(f, "big-endian", npy(npyDict(">f4", "(2, 3)"), 24), "big-endian"));
        out.add(new Case(f, "object array", npy(npyDict("|O", "(2,)"), 16), "object array"));
        out.add(new Case(f, "structured dtype",
                npy("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8), "structured"));
        out.add(new Case(f, "negative axis", npy(npyDict("<f4", "(-1,)"), 4), "must hold integers in [0,"));
        out.add(new Case(f, "no shape entry", npy("{'descr': '<f4', 'fortran_order': False, }", 4),
                "no 'shape' entry"));
        out.add(new Case(f, "unterminated dictionary", npy(1, 30, "{'descr': '<f4', 'fortran_ord'", 0),
                "malformed header"));
        String deep = "{'descr': '<f4', 'fortran_order': False, 'shape': " + "(".repeat(30_000) + ")".repeat(30_000)
                + ", }";
        out.add(new Case(f, "shape nested 30,000 deep", npy(2, deep.length(), deep, 0), "nests deeper than"));
        byte[] latin = npy(npyDict("<f\u00e94", "(2,)"), 8);
        out.add(new Case(f, "unknown dtype", latin, "is not supported"));
    }

    private static void idxCases(List<Case> out) {
        FileFormat f = FileFormat.IDX;
        byte[] valid = idx(0x08, new int[]{3, 4}, 12);
        out.add(new Case(f, "3 bytes", truncate(valid, 3), "shorter than the 4-byte magic number"));
        byte[] magic = valid.clone();
        magic[0] = 1;
        out.add(new Case(f, "bad magic", magic, "must start with two zero bytes"));
        out.add(new Case(f, "unknown type code", idx(0x07, new int[]{3}, 3), "unknown IDX type code 0x7"));
        out.add(new Case(f, "rank 0", idx(0x08, new int[0], 0), "rank is 0"));
        out.add(new Case(f, "header truncated", truncate(idx(0x08, new int[]{3, 4, 5}, 0), 8),
                "declares 3 axes but ends after 1"));
        out.add(new Case(f, "negative axis", idx(0x08, new int[]{3, -4}, 12), "negative size -4"));
        out.add(new Case(f, "more than 2 GiB declared", idx(0x0E, new int[]{1 << 16, 1 << 16}, 8), "more than 2 GiB"));
        out.add(new Case(f, "47 MB declared in a tiny file", idx(0x08, new int[]{60000, 28, 28}, 10),
                "needs 47040000 bytes of data but the file has 10 (truncated)"));
        out.add(new Case(f, "data truncated", truncate(valid, valid.length - 2), "(truncated)"));
        out.add(new Case(f, "data extended", extend(valid, 2), "(extra bytes after the data)"));
        out.add(new Case(f, "gzip: 47 MB declared, 10 bytes inside", gzip(idx(0x08, new int[]{60000, 28, 28}, 10)),
                "needs 47040000 bytes of data but only 10 follow the header"));
        out.add(new Case(f, "gzip: 1 GiB declared, 10 bytes inside", gzip(idx(0x08, new int[]{1 << 15, 1 << 15}, 10)),
                "would exceed the"));
        byte[] noisy = idx(0x08, new int[]{64, 64}, 64 * 64);
        for (int i = 12; i < noisy.length; i++) {
            noisy[i] = (byte) (i * 31 + (i >> 5) * 17);
        }
        byte[] z = gzip(noisy);
        out.add(new Case(f, "gzip stream truncated", truncate(z, z.length / 2), "Unexpected end of ZLIB input stream"));
        byte[] garbled = z.clone();
        for (int i = 12; i < garbled.length - 8; i += 3) {
            garbled[i] ^= 0x5a;
        }
        out.add(new Case(f, "gzip stream garbled", garbled, "cannot read: java.util.zip.ZipException"));
    }

    private static void csvCases(List<Case> out) {
        out.add(new Case(FileFormat.CSV, "empty file", new byte[0], "no data"));
        out.add(new Case(FileFormat.CSV, "ragged rows", text("a,b,c\n1,2,3\n4,5\n"),
                "line 3 has 2 fields, but the first line has 3"));
        out.add(new Case(FileFormat.CSV, "unterminated quote", text("a,b\n1,\"2\n3,4\n"), "unterminated quoted field"));
        out.add(new Case(FileFormat.CSV, "text after a closing quote", text("a,b\n1,\"2\"x\n"),
                "text after a closing quote"));
        byte[] z = gzip(text("x,y,label\n" + "1.5,2.5,0\n".repeat(2000)));
        out.add(new Case(FileFormat.CSV, "gzip stream truncated", truncate(z, z.length - 12), "cannot read"));
        out.add(new Case(FileFormat.CSV_DATASET, "a text feature column", text("x,y,label\n1,a,0\n2,b,1\n"),
                "not numeric"));
        out.add(new Case(FileFormat.CSV, "a delimiter after the last column", text("a,b,label,\n1,2,0,\n3,4,1,\n"),
                "is empty in every row (a delimiter at the end of each line?)"));
        out.add(new Case(FileFormat.CSV_DATASET, "a NaN feature", text("x,y,label\n1,2,0\n3,NaN,1\n"),
                "data row 2, column 'y': NaN is not a number"));
        out.add(new Case(FileFormat.CSV_DATASET, "a feature beyond FLOAT32", text("x,y,label\n1e40,2,0\n3,4,1\n"),
                "data row 1, column 'x': 1.0E40 is beyond the FLOAT32 range"));
        out.add(new Case(FileFormat.CSV_DATASET, "a label of 2147483646", text("x,label\n1,0\n2,2147483646\n"),
                "label column 'label': label 2147483646 (data row 2) would make 2147483647 classes"));
        out.add(new Case(FileFormat.CSV_DATASET, "an empty label cell", text("x,label\n1,a\n2,\n3,b\n"),
                "data row 2 has no label"));
        out.add(new Case(FileFormat.CSV_DATASET, "label column only", text("label\n0\n1\n"), "no feature column"));
        out.add(new Case(FileFormat.CSV_DATASET, "binary garbage",
                "\u0000\u0001PK\u0003\u0004,\u00ff\n\u0000,\u0001\u0002\n".getBytes(StandardCharsets.ISO_8859_1),
                "not numeric"));
    }
}
