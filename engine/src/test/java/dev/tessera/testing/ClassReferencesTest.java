package dev.tessera.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layering scanner finds SPI references where they exist, so the nn and ml checks that use it can fail. */
class ClassReferencesTest {
    private static final Path ENGINE = ClassReferences.classesOf(Tensor.class);

    @Test
    void findsTheSpiTypesTheEngineUses() {
        Map<String, List<String>> refs = ClassReferences.referencesTo(ENGINE, "dev.tessera.backend");
        assertTrue(refs.get("dev/tessera/Activation.class").contains("dev/tessera/backend/UnaryOp"),
                () -> "Activation maps to UnaryOp, found " + refs.get("dev/tessera/Activation.class"));
        assertTrue(refs.get("dev/tessera/Tensor.class").stream().anyMatch(s -> s.contains("Ldev/tessera/backend/")),
                "method descriptors are scanned too");
    }

    @Test
    void aPackageNobodyUsesHasNoReferences() {
        assertEquals(Map.of(), ClassReferences.referencesTo(ENGINE, "dev.tessera.nosuchlayer"));
    }

    @Test
    void aClassesFolderWithoutClassesIsAnError(@TempDir Path empty) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassReferences.referencesTo(empty, "dev.tessera.backend"));
        assertEquals("referencesTo: no class files under " + empty, e.getMessage());
    }

    @Test
    void rejectsBytesThatAreNotAClassFile() {
        assertThrows(java.io.IOException.class, () -> ClassReferences.utf8Constants(new byte[]{1, 2, 3, 4, 0, 0}));
    }
}
