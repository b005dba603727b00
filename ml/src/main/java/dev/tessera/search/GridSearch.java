package dev.tessera.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exhaustive search over the grid of a {@link SearchSpace}: every combination of each dimension's grid values
 * (the last dimension varying fastest), so {@code prod_d |grid(d)|} trials.
 */
public final class GridSearch extends Search {
    /** A grid search over {@code space}. */
    public GridSearch(SearchSpace space) {
        super(space);
    }

    /** Number of grid points. */
    public long size() {
        long n = 1;
        for (Dimension d : space.dimensions()) {
            n *= d.grid().size();
        }
        return n;
    }

    @Override
    protected void explore(Objective objective, Goal goal) {
        List<Dimension> dims = space.dimensions();
        int[] at = new int[dims.size()];
        while (true) {
            Map<String, Object> v = new LinkedHashMap<>();
            for (int i = 0; i < dims.size(); i++) {
                v.put(dims.get(i).name(), dims.get(i).grid().get(at[i]));
            }
            evaluate(objective, new Params(v), 0);
            int k = dims.size() - 1;
            while (k >= 0 && ++at[k] == dims.get(k).grid().size()) {
                at[k] = 0;
                k--;
            }
            if (k < 0) {
                return;
            }
        }
    }
}
