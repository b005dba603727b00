package dev.tessera.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One point of a {@link SearchSpace}: a value per hyperparameter, in declaration order. Immutable. */
public final class Params {
    private final Map<String, Object> values;

    /** The given values (copied). */
    public Params(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** All values by name. */
    public Map<String, Object> values() {
        return values;
    }

    /**
     * The value of {@code name}.
     *
     * @throws IllegalArgumentException when there is none
     */
    public Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("Params: no hyperparameter '" + name + "' (have " + values.keySet()
                    + ")");
        }
        return v;
    }

    /** A numeric value as double. */
    public double getDouble(String name) {
        return ((Number) get(name)).doubleValue();
    }

    /** A numeric value as int (rounded). */
    public int getInt(String name) {
        return (int) Math.round(getDouble(name));
    }

    /** A value as a string. */
    public String getString(String name) {
        return String.valueOf(get(name));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && values.equals(p.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
