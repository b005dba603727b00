package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.nn.Module;
import dev.tessera.testing.ClassReferences;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The nn module sits above the engine's public API: no class of it may use a Backend SPI type. */
class LayeringTest {
    @Test
    void noClassReferencesTheBackendSpi() {
        assertEquals(Map.of(), ClassReferences.referencesTo(ClassReferences.classesOf(Module.class),
                "dev.tessera.backend"), "nn classes and the SPI types they use");
    }
}
