package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.stats.Pca;
import dev.tessera.testing.ClassReferences;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ml module sits above the engine's public API: no class of it may use a Backend SPI type. */
class LayeringTest {
    @Test
    void noClassReferencesTheBackendSpi() {
        assertEquals(Map.of(), ClassReferences.referencesTo(ClassReferences.classesOf(Pca.class),
                "dev.tessera.backend"), "ml classes and the SPI types they use");
    }
}
