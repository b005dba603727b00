package dev.tessera.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CharTextDatasetTest {
    private static final String TEXT = "abcdefghijklmnopqrstuvwxyz0123456789";

    @Test
    void splitsByPositionWithTheVocabularyOfTheTrainingPart() {
        CharTextDataset d = CharTextDataset.split(TEXT, 0.25, 4);
        assertEquals(27, d.trainSize(), "36 - round(0.25 * 36)");
        assertEquals(9, d.validationSize());
        assertEquals(28, d.vocabulary().size(), "26 letters and '0' from the training part, plus unknown");
        assertEquals("abcdefghijklmnopqrstuvwxyz0", d.vocabulary().decode(d.trainIds()));
        int[] val = d.validationIds();
        for (int id : val) {
            assertEquals(CharVocabulary.UNKNOWN, id, "digits 1-9 are not in the training part");
        }
        assertEquals(23, d.trainWindows());
        assertEquals(2, d.validationWindows(), "(9 - 1) / 4 non-overlapping windows");
    }

    @Test
    void windowsPairEachInputWithTheNextCharacter() {
        CharTextDataset d = CharTextDataset.split(TEXT + TEXT, 0.5, 5);
        CharVocabulary v = d.vocabulary();
        try (Batch b = d.trainBatch(new int[]{0, 3, 30}, Device.defaultDevice())) {
            assertEquals(DType.INT32, b.features().dtype());
            assertEquals(DType.INT32, b.targets().dtype());
            assertEquals(Arrays.asList(3, 5), Arrays.stream(b.features().shape().dims()).boxed().toList());
            int[] x = b.features().toIntArray();
            int[] y = b.targets().toIntArray();
            assertEquals("abcde", v.decode(Arrays.copyOfRange(x, 0, 5)));
            assertEquals("bcdef", v.decode(Arrays.copyOfRange(y, 0, 5)));
            assertEquals("defgh", v.decode(Arrays.copyOfRange(x, 5, 10)));
            assertEquals("45678", v.decode(Arrays.copyOfRange(x, 10, 15)));
            assertEquals("56789", v.decode(Arrays.copyOfRange(y, 10, 15)));
        }
        try (Batch b = d.validationBatch(1, 2, Device.defaultDevice())) {
            assertEquals("fghijklmno", v.decode(b.features().toIntArray()), "windows at 5 and 10");
            assertEquals("ghijklmnop", v.decode(b.targets().toIntArray()));
        }
        assertEquals(7, d.validationWindows(), "(36 - 1) / 5");
        assertThrows(IllegalArgumentException.class, () -> d.validationBatch(6, 2, Device.defaultDevice()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.trainBatch(new int[]{31}, Device.defaultDevice()));
        assertEquals("CharTextDataset: training window start 31 is outside [0, 31)", e.getMessage());
    }

    @Test
    void trainStartsAreSeededDistinctWithinARoundAndDifferAcrossRounds() {
        String text = "x".repeat(1000);
        CharTextDataset d = CharTextDataset.split(text, 0.1, 10);
        int[] a = d.trainStarts(7, 0, 100);
        assertArrayEquals(a, d.trainStarts(7, 0, 100));
        assertEquals(100, new HashSet<>(Arrays.stream(a).boxed().toList()).size());
        assertTrue(Arrays.stream(a).allMatch(t -> t >= 0 && t < d.trainWindows()));
        assertFalse(Arrays.equals(a, d.trainStarts(7, 1, 100)));
        assertFalse(Arrays.equals(a, d.trainStarts(8, 0, 100)));
        int[] all = d.trainStarts(7, 0, 2 * d.trainWindows());
        Set<Integer> first = new HashSet<>(Arrays.stream(all, 0, d.trainWindows()).boxed().toList());
        assertEquals(d.trainWindows(), first.size(), "a round that needs every window sees each once first");
        assertArrayEquals(Arrays.copyOfRange(all, 0, d.trainWindows()),
                Arrays.copyOfRange(all, d.trainWindows(), all.length));
    }

    @Test
    void badSettingsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CharTextDataset.split("abcdefghij", 0.5, 8));
        assertEquals("CharTextDataset: a text of 10 characters split 5 training / 5 validation (fraction 0.5) is too "
                + "short for windows of 9 characters (sequence length 8 + 1 for the targets) in both parts",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CharTextDataset.split(TEXT, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> CharTextDataset.split(TEXT, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> CharTextDataset.split(TEXT, 0.1, 0));
    }
}
