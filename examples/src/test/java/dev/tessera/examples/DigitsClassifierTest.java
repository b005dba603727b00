package dev.tessera.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Device;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitsClassifierTest {
    @TempDir
    Path dir;

    @Test
    void trainsSavesReloadsAndClassifiesOnTheCpu() throws IOException {
        DigitsClassifier.Result r = DigitsClassifier.run(Device.of("cpu"), 10, dir);

        assertEquals(10, r.history().epochs().size(), "every epoch ran");
        assertEquals(359, r.test().samples(), "floor(20% of the 1,797 digits) are held out");
        assertTrue(r.test().accuracy() > 0.9, "test accuracy " + r.test().accuracy());
        // The reloaded model started from other random weights: only the loaded state dict makes it agree.
        assertEquals(r.test().accuracy(), r.predictionAccuracy(), 1e-12,
                "the reloaded model classifies the test examples as the trained one did");
        assertTrue(Files.size(r.modelFile()) > 0);
        assertEquals(Set.of("0.weight", "0.bias", "2.weight", "2.bias"),
                Safetensors.readHeader(r.modelFile()).entries().stream()
                        .map(SafetensorsHeader.Entry::name).collect(Collectors.toSet()));
    }

    @Test
    void mainPrintsTheResultsForANamedDevice() throws IOException {
        DigitsClassifier.main(new String[]{"cpu", "1", dir.toString()});
        assertTrue(Files.exists(dir.resolve("model.safetensors")));
    }

    @Test
    void theSameSeedGivesTheSamePredictions() throws IOException {
        DigitsClassifier.Result a = DigitsClassifier.run(Device.of("cpu"), 2, dir.resolve("a"));
        DigitsClassifier.Result b = DigitsClassifier.run(Device.of("cpu"), 2, dir.resolve("b"));
        assertArrayEquals(a.predictions(), b.predictions());
    }
}
