package dev.tessera.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusTest {
    @TempDir
    Path dir;

    @Test
    void fortunesConcatenatesRegularNonDatFilesInNameOrder() throws IOException {
        Files.writeString(dir.resolve("b"), "second\n%\n");
        Files.writeString(dir.resolve("a"), "first\n%\n");
        Files.writeString(dir.resolve("a.dat"), "index");
        Files.createSymbolicLink(dir.resolve("a.u8"), Path.of("a"));
        Files.writeString(dir.resolve("c\u00e9"), "caf\u00e9\n");
        assertEquals("first\n%\nsecond\n%\ncaf\u00e9\n", TextCorpus.fortunes(dir));
    }

    @Test
    void missingCorpusNamesTheInstallCommand() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> TextCorpus.fortunes(dir.resolve("none")));
        assertTrue(e.getMessage().contains("the fortunes corpus is not installed: " + dir.resolve("none")
                + " does not exist (install it with: sudo apt-get install fortunes)"), e.getMessage());
        e = assertThrows(NoSuchFileException.class, () -> TextCorpus.fortunes(dir));
        assertTrue(e.getMessage().contains("holds no fortune file"), e.getMessage());
    }

    @Test
    void readRejectsMissingEmptyAndNonUtf8Files() throws IOException {
        assertThrows(NoSuchFileException.class, () -> TextCorpus.read(dir.resolve("none.txt")));
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertTrue(assertThrows(IOException.class, () -> TextCorpus.read(empty)).getMessage().endsWith("is empty "
                + "(expected UTF-8 text)"));
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[]{'c', 'a', 'f', (byte) 0xE9});
        IOException e = assertThrows(IOException.class, () -> TextCorpus.read(latin1));
        assertTrue(e.getMessage().startsWith(latin1 + " is not UTF-8 text"), e.getMessage());
    }

    @Test
    void realFortunesCorpusWhenInstalled() throws IOException {
        Path fortunes = Path.of(TextCorpus.FORTUNES_DIR);
        assumeTrue(Files.isDirectory(fortunes), "Debian's fortunes package is not installed");
        String text = TextCorpus.fortunes();
        assertTrue(text.length() > 2_000_000, "about 2.6 MB, got " + text.length());
        CharTextDataset d = CharTextDataset.split(text, 0.1, 64);
        assertTrue(d.vocabulary().size() > 90 && d.vocabulary().size() < 130, "symbols: " + d.vocabulary().size());
        assertTrue(d.validationWindows() > 3000, "validation windows: " + d.validationWindows());
    }
}
