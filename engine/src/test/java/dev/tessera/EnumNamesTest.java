package dev.tessera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Enum lookup by a user-typed name: trimmed, lower-cased, first match in declaration order, null finds nothing. */
class EnumNamesTest {
    private enum Color { RED, DARK_RED, BLUE }

    @Test
    void findsByTheTrimmedLowerCaseKey() {
        assertEquals(Optional.of(Color.DARK_RED), EnumNames.find(Color.class, "  Dark_Red ", EnumNames::isLowerName));
        assertEquals(Optional.of(Color.BLUE), EnumNames.find(Color.class, "BLUE", EnumNames::isLowerName));
    }

    @Test
    void offersTheKeyToEachConstantInOrderAndStopsAtTheFirstMatch() {
        List<Color> offered = new ArrayList<>();
        Optional<Color> found = EnumNames.find(Color.class, "Red", (c, key) -> {
            offered.add(c);
            assertEquals("red", key);
            return key.startsWith("r");
        });
        assertEquals(Optional.of(Color.RED), found);
        assertEquals(List.of(Color.RED), offered);
    }

    @Test
    void nothingMatchesAnUnknownNameOrNull() {
        assertFalse(EnumNames.find(Color.class, "green", EnumNames::isLowerName).isPresent());
        assertFalse(EnumNames.find(Color.class, null, (c, key) -> true).isPresent());
    }

    @Test
    void isLowerNameComparesTheJavaNameInLowerCase() {
        assertTrue(EnumNames.isLowerName(Color.DARK_RED, "dark_red"));
        assertFalse(EnumNames.isLowerName(Color.DARK_RED, "DARK_RED"));
        assertFalse(EnumNames.isLowerName(Color.DARK_RED, "dark-red"));
    }
}
