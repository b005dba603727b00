package dev.tessera.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharVocabularyTest {
    @TempDir
    Path dir;

    @Test
    void unknownFirstThenDistinctCodePointsAscending() {
        CharVocabulary v = CharVocabulary.of("banana\n\u00e9\uD83D\uDE00".codePoints().toArray());
        assertEquals(7, v.size());
        assertEquals(0xFFFD, v.symbol(CharVocabulary.UNKNOWN));
        assertEquals('\n', v.symbol(1));
        assertEquals('a', v.symbol(2));
        assertEquals('b', v.symbol(3));
        assertEquals('n', v.symbol(4));
        assertEquals(0xE9, v.symbol(5));
        assertEquals(0x1F600, v.symbol(6), "a code point beyond the BMP is one symbol");
        assertArrayEquals(new int[]{3, 2, 0, 1}, v.encode("baz\n".codePoints().toArray()), "z is unknown");
        assertFalse(v.contains('z'));
        assertEquals("ban\uD83D\uDE00", v.decode(new int[]{3, 2, 4, 6}));
        assertThrows(IndexOutOfBoundsException.class, () -> v.symbol(7));
    }

    @Test
    void replacementCharacterInTheTextIsTheUnknownSymbol() {
        CharVocabulary v = CharVocabulary.of("a\uFFFDb".codePoints().toArray());
        assertEquals(3, v.size());
        assertEquals(0, v.index(0xFFFD));
    }

    @Test
    void strictEncodingNamesTheCharacterOutsideTheVocabulary() {
        CharVocabulary v = CharVocabulary.of("abc".codePoints().toArray());
        assertArrayEquals(new int[]{1, 3}, v.encodeStrict("--prompt", "ac"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> v.encodeStrict("--prompt", "abz"));
        assertEquals("--prompt: character 'z' (U+007A) at position 2 is not in the model's vocabulary of 4 symbols",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.encodeStrict("--prompt", "\t"));
        assertTrue(e.getMessage().contains("character U+0009 at position 0"), e.getMessage());
    }

    @Test
    void savesAndLoadsEverySymbol() throws IOException {
        CharVocabulary v = CharVocabulary.of("Hi\n\t\r%\u00fc\uD83D\uDE00".codePoints().toArray());
        Path f = dir.resolve("vocab.txt");
        v.save(f);
        assertTrue(Files.readString(f).startsWith("U+FFFD\nU+0009\nU+000A\nU+000D\n"), Files.readString(f));
        CharVocabulary back = CharVocabulary.load(f);
        assertEquals(v, back);
        for (int i = 0; i < v.size(); i++) {
            assertEquals(v.symbol(i), back.symbol(i));
        }
    }

    @Test
    void malformedFilesAreRejected() throws IOException {
        Path f = dir.resolve("v.txt");
        Files.writeString(f, "U+FFFD\nx\n");
        IOException e = assertThrows(IOException.class, () -> CharVocabulary.load(f));
        assertTrue(e.getMessage().endsWith("line 2 must be a code point U+XXXX, got 'x'"), e.getMessage());
        Files.writeString(f, "U+0061\n");
        e = assertThrows(IOException.class, () -> CharVocabulary.load(f));
        assertTrue(e.getMessage().endsWith("the first symbol must be the unknown symbol U+FFFD"), e.getMessage());
        Files.writeString(f, "U+FFFD\nU+0061\nU+0061\n");
        e = assertThrows(IOException.class, () -> CharVocabulary.load(f));
        assertTrue(e.getMessage().contains("a symbol appears twice"), e.getMessage());
    }
}
