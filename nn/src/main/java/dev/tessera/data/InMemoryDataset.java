package dev.tessera.data;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Shape;
import dev.tessera.Sizes;
import dev.tessera.Tensor;
import java.util.List;

/**
 * A dataset held in Java arrays on the host: features as {@code float[]} or {@code double[]} (example-major, each
 * example's features row-major), targets as {@code int[]} class labels or {@code double[]} real values, or none.
 * {@link #batch} gathers the requested rows on the host and copies them to the device in one transfer per tensor.
 * Immutable and thread-safe; the arrays given to the builder are not copied and must not be modified afterwards.
 *
 * <pre>{@code
 * InMemoryDataset ds = InMemoryDataset.builder(Shape.of(64)).features(pixels).labels(digits, 10).build();
 * }</pre>
 */
public final class InMemoryDataset implements Dataset {
    private final int size;
    private final Shape featureShape;
    private final int featureLength;
    private final float[] floatFeatures;
    private final double[] doubleFeatures;
    private final TargetKind targetKind;
    private final int[] labels;
    private final int numClasses;
    private final double[] targets;
    private final Shape targetShape;
    private final List<String> classNames;

    private InMemoryDataset(Builder b) {
        this.featureShape = b.featureShape;
        this.featureLength = Sizes.arrayLength("InMemoryDataset", b.featureShape.numel());
        this.floatFeatures = b.floatFeatures;
        this.doubleFeatures = b.doubleFeatures;
        int length = floatFeatures != null ? floatFeatures.length : doubleFeatures.length;
        if (featureLength == 0 || length % featureLength != 0) {
            throw new IllegalArgumentException("InMemoryDataset: " + length + " feature values are not a whole"
                    + " number of examples of shape " + featureShape);
        }
        this.size = length / featureLength;
        this.labels = b.labels;
        this.numClasses = b.numClasses;
        this.targets = b.targets;
        this.targetShape = b.targets != null ? b.targetShape : Shape.scalar();
        this.targetKind = labels != null ? TargetKind.CLASS : targets != null ? TargetKind.NUMERIC : TargetKind.NONE;
        this.classNames = List.copyOf(b.classNames);
        if (labels != null) {
            if (labels.length != size) {
                throw new IllegalArgumentException("InMemoryDataset: " + labels.length + " labels for " + size
                        + " examples");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= numClasses) {
                    throw new IllegalArgumentException("InMemoryDataset: label " + labels[i] + " of example " + i
                            + " is outside [0, " + numClasses + ")");
                }
            }
            if (!classNames.isEmpty() && classNames.size() != numClasses) {
                throw new IllegalArgumentException("InMemoryDataset: " + classNames.size() + " class names for "
                        + numClasses + " classes");
            }
        }
        if (targets != null && targets.length != (long) size * targetShape.numel()) {
            throw new IllegalArgumentException("InMemoryDataset: " + targets.length + " target values for " + size
                    + " examples of target shape " + targetShape);
        }
    }

    /** A builder for examples whose features have {@code featureShape}. */
    public static Builder builder(Shape featureShape) {
        return new Builder(featureShape);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Shape featureShape() {
        return featureShape;
    }

    @Override
    public TargetKind targetKind() {
        return targetKind;
    }

    @Override
    public Shape targetShape() {
        return targetShape;
    }

    @Override
    public int numClasses() {
        return targetKind == TargetKind.CLASS ? numClasses : 0;
    }

    /** Names of the classes, index = label (empty when the source gave none). */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The same examples with features seen in another shape of the same element count (e.g. images
     * {@code [28, 28]} as vectors {@code [784]}); shares the arrays.
     */
    public InMemoryDataset withFeatureShape(Shape shape) {
        if (shape.numel() != featureLength) {
            throw new IllegalArgumentException("withFeatureShape: " + shape + " has " + shape.numel()
                    + " elements but examples have " + featureLength + " (shape " + featureShape + ")");
        }
        Builder b = new Builder(shape);
        b.floatFeatures = floatFeatures;
        b.doubleFeatures = doubleFeatures;
        b.labels = labels;
        b.numClasses = numClasses;
        b.targets = targets;
        b.targetShape = targetShape;
        b.classNames = classNames;
        return new InMemoryDataset(b);
    }

    /** The class label of example {@code index}. */
    public int label(int index) {
        if (labels == null) {
            throw new IllegalStateException("label: this dataset has " + targetKind + " targets, not class labels");
        }
        return labels[index];
    }

    @Override
    public Batch batch(int[] indices, DType featureType, Device device) {
        Checks.featureType("InMemoryDataset.batch", featureType);
        Checks.indices("InMemoryDataset.batch", indices, size);
        int b = indices.length;
        int[] dims = Checks.prepend(b, featureShape);
        Tensor x = doubleFeatures != null
                ? Tensor.of(device, featureType, Checks.gatherRows(doubleFeatures, indices, featureLength), dims)
                : converted(Tensor.of(device, Checks.gatherRows(floatFeatures, indices, featureLength), dims),
                featureType);
        Tensor y = switch (targetKind) {
            case CLASS -> Tensor.of(device, Checks.gatherRows(labels, indices, 1), b);
            case NUMERIC -> Tensor.of(device, featureType, Checks.gatherRows(targets, indices,
                    Sizes.arrayLength("InMemoryDataset", targetShape.numel())), Checks.prepend(b, targetShape));
            case NONE -> null;
        };
        return new Batch(x, y);
    }

    /** {@code t} as {@code type}: itself when it has that type, else a converted copy (and {@code t} is closed). */
    private static Tensor converted(Tensor t, DType type) {
        if (t.dtype() == type) {
            return t;
        }
        try (t) {
            return t.to(type);
        }
    }

    @Override
    public String toString() {
        return "InMemoryDataset(" + size + " examples of " + featureShape + ", " + targetKind
                + (targetKind == TargetKind.CLASS ? " x" + numClasses : "") + ")";
    }

    /** Collects the arrays of an {@link InMemoryDataset}; exactly one feature array must be given. */
    public static final class Builder {
        private final Shape featureShape;
        private float[] floatFeatures;
        private double[] doubleFeatures;
        private int[] labels;
        private int numClasses;
        private double[] targets;
        private Shape targetShape = Shape.scalar();
        private List<String> classNames = List.of();

        private Builder(Shape featureShape) {
            this.featureShape = featureShape;
        }

        /** Features as floats, {@code size * featureShape.numel()} values, example-major. */
        public Builder features(float[] values) {
            this.floatFeatures = values;
            this.doubleFeatures = null;
            return this;
        }

        /** Features as doubles, {@code size * featureShape.numel()} values, example-major. */
        public Builder features(double[] values) {
            this.doubleFeatures = values;
            this.floatFeatures = null;
            return this;
        }

        /** Class labels in {@code [0, numClasses)}, one per example. */
        public Builder labels(int[] values, int numClasses) {
            if (numClasses <= 0) {
                throw new IllegalArgumentException("labels: numClasses must be positive, got " + numClasses);
            }
            this.labels = values;
            this.numClasses = numClasses;
            this.targets = null;
            return this;
        }

        /** Names of the classes (index = label). */
        public Builder classNames(List<String> names) {
            this.classNames = names;
            return this;
        }

        /** Real-valued targets of {@code shape} per example, example-major. */
        public Builder targets(double[] values, Shape shape) {
            this.targets = values;
            this.targetShape = shape;
            this.labels = null;
            return this;
        }

        /**
         * The dataset.
         *
         * @throws IllegalArgumentException when no features were given or the array lengths disagree
         */
        public InMemoryDataset build() {
            if (floatFeatures == null && doubleFeatures == null) {
                throw new IllegalArgumentException("InMemoryDataset: no features given");
            }
            return new InMemoryDataset(this);
        }
    }
}
