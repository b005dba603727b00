package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MatmulPrecisionTest {
    @Test
    void parsesPyTorchNamesInAnyCase() {
        assertEquals(MatmulPrecision.HIGHEST, MatmulPrecision.parse("highest"));
        assertEquals(MatmulPrecision.HIGH, MatmulPrecision.parse(" High "));
    }

    @Test
    void rejectsOtherNamesListingTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MatmulPrecision.parse("medium"));
        assertTrue(e.getMessage().contains("'medium'") && e.getMessage().contains("[highest, high]"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MatmulPrecision.parse(null));
    }

    @Test
    void settingIsProcessWideAndDefaultsToHighest() {
        MatmulPrecision before = Tessera.float32MatmulPrecision();
        assertEquals(MatmulPrecision.HIGHEST, before, "default without -Dtessera.matmulPrecision");
        try {
            Tessera.setFloat32MatmulPrecision(MatmulPrecision.HIGH);
            assertEquals(MatmulPrecision.HIGH, Tessera.float32MatmulPrecision());
            assertThrows(NullPointerException.class, () -> Tessera.setFloat32MatmulPrecision(null));
            assertEquals(MatmulPrecision.HIGH, Tessera.float32MatmulPrecision());
        } finally {
            Tessera.setFloat32MatmulPrecision(before);
        }
    }
}
