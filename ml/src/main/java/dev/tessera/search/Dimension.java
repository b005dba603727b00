package dev.tessera.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One hyperparameter of a {@link SearchSpace}: how to sample it (random search), enumerate it (grid search) and
 * perturb it (genetic mutation).
 */
public sealed interface Dimension {
    /** Its name. */
    String name();

    /** A random value. */
    Object sample(SplittableRandom random);

    /** The values a grid search tries, in order. */
    List<Object> grid();

    /** A value near {@code current} (genetic mutation). */
    Object mutate(Object current, SplittableRandom random);

    /**
     * A real value uniform on {@code [low, high]}; the grid has {@code gridPoints} evenly spaced values (both ends
     * included); mutation adds a normal step of a tenth of the range, clamped.
     */
    record Uniform(String name, double low, double high, int gridPoints) implements Dimension {
        /** Checks the range. */
        public Uniform {
            checkRange(name, low, high, gridPoints);
        }

        @Override
        public Object sample(SplittableRandom random) {
            return low + (high - low) * random.nextDouble();
        }

        @Override
        public List<Object> grid() {
            return spaced(low, high, gridPoints, false);
        }

        @Override
        public Object mutate(Object current, SplittableRandom random) {
            double v = (Double) current + 0.1 * (high - low) * gaussian(random);
            return Math.min(high, Math.max(low, v));
        }
    }

    /**
     * A positive real value whose logarithm is uniform on {@code [log low, log high]} (learning rates, weight
     * decays); the grid is geometric; mutation works on the logarithm.
     */
    record LogUniform(String name, double low, double high, int gridPoints) implements Dimension {
        /** Checks the range is positive. */
        public LogUniform {
            checkRange(name, low, high, gridPoints);
            if (!(low > 0)) {
                throw new IllegalArgumentException("LogUniform '" + name + "': low must be > 0, got " + low);
            }
        }

        @Override
        public Object sample(SplittableRandom random) {
            return Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * random.nextDouble());
        }

        @Override
        public List<Object> grid() {
            return spaced(low, high, gridPoints, true);
        }

        @Override
        public Object mutate(Object current, SplittableRandom random) {
            double span = Math.log(high) - Math.log(low);
            double v = Math.exp(Math.log((Double) current) + 0.1 * span * gaussian(random));
            return Math.min(high, Math.max(low, v));
        }
    }

    /** An integer uniform on {@code [low, high]} (layer widths, batch sizes); the grid is every value. */
    record IntRange(String name, int low, int high) implements Dimension {
        /** Checks the range. */
        public IntRange {
            if (low > high) {
                throw new IllegalArgumentException("IntRange '" + name + "': low " + low + " exceeds high " + high);
            }
        }

        @Override
        public Object sample(SplittableRandom random) {
            return random.nextInt(low, high + 1);
        }

        @Override
        public List<Object> grid() {
            List<Object> out = new ArrayList<>();
            for (int v = low; v <= high; v++) {
                out.add(v);
            }
            return out;
        }

        @Override
        public Object mutate(Object current, SplittableRandom random) {
            int step = Math.max(1, (int) Math.round(0.1 * (high - low) * Math.abs(gaussian(random))));
            int v = (Integer) current + (random.nextBoolean() ? step : -step);
            return Math.min(high, Math.max(low, v));
        }
    }

    /** One of a list of values (optimizers, activations, ...); mutation picks another at random. */
    record Choice(String name, List<Object> values) implements Dimension {
        /** Checks there is at least one value. */
        public Choice {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("Choice '" + name + "': needs at least one value");
            }
            values = List.copyOf(values);
        }

        @Override
        public Object sample(SplittableRandom random) {
            return values.get(random.nextInt(values.size()));
        }

        @Override
        public List<Object> grid() {
            return values;
        }

        @Override
        public Object mutate(Object current, SplittableRandom random) {
            return values.size() == 1 ? current : values.get(random.nextInt(values.size()));
        }
    }

    private static void checkRange(String name, double low, double high, int gridPoints) {
        if (!(low <= high) || Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new IllegalArgumentException("'" + name + "': need finite low <= high, got [" + low + ", " + high
                    + "]");
        }
        if (gridPoints < 1) {
            throw new IllegalArgumentException("'" + name + "': gridPoints must be >= 1, got " + gridPoints);
        }
    }

    private static List<Object> spaced(double low, double high, int n, boolean geometric) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double f = n == 1 ? 0 : (double) i / (n - 1);
            out.add(geometric ? Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * f)
                    : low + (high - low) * f);
        }
        return out;
    }

    /** A standard normal draw (Box-Muller), so results depend only on the seed. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
