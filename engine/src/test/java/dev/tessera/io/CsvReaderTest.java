package dev.tessera.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir
    Path tmp;

    private Path csv(String text) throws IOException {
        Path p = tmp.resolve("t.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void detectsAHeaderAndTypesColumns() throws IOException {
        CsvTable t = CsvReader.defaults().read(csv("a, b ,species\n1,2.5,setosa\n-3e2, 4 ,virginica\n\n"));
        assertEquals(List.of("a", "b", "species"), t.columnNames());
        assertEquals(2, t.rows());
        assertTrue(t.isNumeric(0) && t.isNumeric(1));
        assertFalse(t.isNumeric(2));
        assertArrayEquals(new double[]{1, -300}, t.numbers(0));
        assertArrayEquals(new double[]{2.5, 4}, t.numbers(1));
        assertArrayEquals(new String[]{"setosa", "virginica"}, t.texts(2));
        assertEquals(2, t.columnIndex("species"));
        assertEquals(2, t.columnIndex("-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.columnIndex("petal")).getMessage()
                .contains("[a, b, species]"));
        assertTrue(assertThrows(IllegalStateException.class, () -> t.numbers(2)).getMessage().contains("setosa"));
    }

    @Test
    void withoutHeaderColumnsAreNumbered() throws IOException {
        CsvTable t = CsvReader.defaults().read(csv("1,2\n3,4\n"));
        assertEquals(List.of("0", "1"), t.columnNames());
        assertEquals(2, t.rows());
        CsvTable forced = CsvReader.defaults().header(CsvReader.Header.PRESENT).read(csv("1,2\n3,4\n"));
        assertEquals(List.of("1", "2"), forced.columnNames());
        assertEquals(1, forced.rows());
        CsvTable oneLine = CsvReader.defaults().read(csv("5;6\n"));
        assertEquals(1, oneLine.columns());
        assertEquals(2, CsvReader.defaults().delimiter(';').read(csv("5;6\n")).columns());
    }

    @Test
    void quotedFieldsFollowRfc4180() throws IOException {
        CsvTable t = CsvReader.defaults().read(csv("x,label\n1,\"a, \"\"b\"\"\"\n2, \"plain\" \n"));
        assertArrayEquals(new String[]{"a, \"b\"", "plain"}, t.texts(1));
    }

    @Test
    void aColumnTurningToTextKeepsEarlierNumbers() throws IOException {
        CsvTable t = CsvReader.defaults().read(csv("v\n1\n2.5\nn/a\n"));
        assertArrayEquals(new String[]{"1", "2.5", "n/a"}, t.texts(0));
    }

    @Test
    void readsGzipByItsMagicBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("p,q\n1,2\n".getBytes(StandardCharsets.UTF_8));
        }
        Path p = tmp.resolve("data.bin");
        Files.write(p, bytes.toByteArray());
        assertArrayEquals(new double[]{2}, CsvReader.defaults().read(p).numbers(1));
    }

    @Test
    void malformedInputNamesTheFileAndLine() throws IOException {
        Path ragged = csv("a,b\n1,2\n3\n");
        String msg = assertThrows(IOException.class, () -> CsvReader.defaults().read(ragged)).getMessage();
        assertTrue(msg.contains(ragged.toString()) && msg.contains("line 3") && msg.contains("1 fields"), msg);
        Path quote = csv("a\n\"open\n");
        assertTrue(assertThrows(IOException.class, () -> CsvReader.defaults().read(quote)).getMessage()
                .contains("line 2: unterminated"));
        Path empty = csv("\n\n");
        assertTrue(assertThrows(IOException.class, () -> CsvReader.defaults().read(empty)).getMessage()
                .contains("empty"));
        assertThrows(IllegalArgumentException.class, () -> CsvReader.defaults().delimiter('"'));
    }

    /** A file that is only a gzip magic number used to fail with a bare EOFException that named no file. */
    @Test
    void aGzipFileCutInsideItsHeaderNamesTheFile() throws IOException {
        Path cut = tmp.resolve("cut.csv.gz");
        Files.write(cut, new byte[]{0x1f, (byte) 0x8b});
        String msg = assertThrows(IOException.class, () -> CsvReader.defaults().read(cut)).getMessage();
        assertTrue(msg.startsWith(cut + ": cannot read: java.io.EOFException"), msg);
    }

    @Test
    void aByteOrderMarkIsDroppedSoAHeaderlessFileKeepsItsFirstRow() throws IOException {
        CsvTable t = CsvReader.defaults().read(csv("\uFEFF1,2,0\n3,4,1\n"));
        assertEquals(2, t.rows(), "the first row is data, not a header");
        assertArrayEquals(new double[]{1, 3}, t.numbers(0));
        CsvTable named = CsvReader.defaults().read(csv("\uFEFFa,b\n1,2\n"));
        assertEquals(List.of("a", "b"), named.columnNames());
    }

    @Test
    void aFirstRowWithAnEmptyCellIsDataNotAHeader() throws IOException {
        CsvTable t = CsvReader.defaults().read(csv("1,,x\n2,3,y\n"));
        assertEquals(2, t.rows());
    }

    @Test
    void aColumnEmptyInEveryRowIsAnErrorNotALabel() throws IOException {
        Path p = csv("a,b,label,\n1,2,0,\n3,4,1,\n");
        String msg = assertThrows(IOException.class, () -> CsvReader.defaults().read(p)).getMessage();
        assertTrue(msg.contains(p.toString()) && msg.contains("column 4") && msg.contains("empty in every row")
                && msg.contains("delimiter at the end"), msg);
    }

    @Test
    void gzipInputStopsAtTheInflateLimit() throws IOException {
        Path p = tmp.resolve("bomb.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            byte[] line = "1".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 4; i++) {
                out.write(line);
            }
        }
        String old = System.setProperty(InflateLimit.PROPERTY, Integer.toString(1 << 20));
        try {
            String msg = assertThrows(IOException.class, () -> CsvReader.defaults().read(p)).getMessage();
            assertTrue(msg.startsWith(p.toString()) && msg.contains("would exceed the 1048576-byte limit"), msg);
        } finally {
            if (old == null) {
                System.clearProperty(InflateLimit.PROPERTY);
            } else {
                System.setProperty(InflateLimit.PROPERTY, old);
            }
        }
    }
}
