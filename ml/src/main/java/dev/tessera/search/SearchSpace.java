package dev.tessera.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The hyperparameters a search explores, declared in order:
 * <pre>{@code
 * SearchSpace space = new SearchSpace()
 *         .logUniform("lr", 1e-4, 1e-1, 4)
 *         .uniform("dropout", 0.0, 0.5, 3)
 *         .intRange("hidden", 32, 256)
 *         .choice("optimizer", "adamw", "sgd");
 * }</pre>
 */
public final class SearchSpace {
    private final Map<String, Dimension> dims = new LinkedHashMap<>();

    /** Adds a real uniform dimension with {@code gridPoints} grid values. Returns this. */
    public SearchSpace uniform(String name, double low, double high, int gridPoints) {
        return add(new Dimension.Uniform(name, low, high, gridPoints));
    }

    /** Adds a log-uniform dimension with {@code gridPoints} geometric grid values. Returns this. */
    public SearchSpace logUniform(String name, double low, double high, int gridPoints) {
        return add(new Dimension.LogUniform(name, low, high, gridPoints));
    }

    /** Adds an integer dimension on {@code [low, high]}. Returns this. */
    public SearchSpace intRange(String name, int low, int high) {
        return add(new Dimension.IntRange(name, low, high));
    }

    /** Adds a choice among {@code values}. Returns this. */
    public SearchSpace choice(String name, Object... values) {
        return add(new Dimension.Choice(name, List.of(values)));
    }

    /**
     * Adds {@code d}. Returns this.
     *
     * @throws IllegalArgumentException when the name is taken
     */
    public SearchSpace add(Dimension d) {
        if (dims.putIfAbsent(d.name(), d) != null) {
            throw new IllegalArgumentException("SearchSpace: '" + d.name() + "' is declared twice");
        }
        return this;
    }

    /** The dimensions in declaration order. */
    public List<Dimension> dimensions() {
        return Collections.unmodifiableList(new ArrayList<>(dims.values()));
    }

    /** A random point. */
    Params sample(SplittableRandom random) {
        checkNotEmpty();
        Map<String, Object> v = new LinkedHashMap<>();
        for (Dimension d : dims.values()) {
            v.put(d.name(), d.sample(random));
        }
        return new Params(v);
    }

    void checkNotEmpty() {
        if (dims.isEmpty()) {
            throw new IllegalArgumentException("SearchSpace: no dimension declared");
        }
    }
}
