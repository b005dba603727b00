package dev.tessera;

import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Looks up an enum constant by a name typed by a user (a command-line value, a metadata entry): the text is trimmed
 * and lower-cased ({@link Locale#ROOT}) once, then each constant, in declaration order, is offered to a predicate
 * that says whether it answers to that key. Each enum keeps its own aliases (in the predicate) and its own error
 * message (in the caller's {@code orElseThrow}).
 */
public final class EnumNames {
    private EnumNames() {
    }

    /**
     * The first constant {@code c} of {@code type} for which {@code answersTo.test(c, key)} holds, where {@code key}
     * is {@code text.trim().toLowerCase(Locale.ROOT)}; empty when none does or when {@code text} is null.
     */
    public static <E extends Enum<E>> Optional<E> find(Class<E> type, String text, BiPredicate<E, String> answersTo) {
        if (text == null) {
            return Optional.empty();
        }
        String key = text.trim().toLowerCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (answersTo.test(constant, key)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code key} (already lower-case) is {@code constant}'s Java name in lower case. */
    public static boolean isLowerName(Enum<?> constant, String key) {
        return constant.name().toLowerCase(Locale.ROOT).equals(key);
    }
}
