package dev.tessera.data;

import dev.tessera.DType;
import dev.tessera.EnumNames;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-feature normalization fitted on training data and applied unchanged to validation, test and deployment data.
 *
 * <p>Every kind is the affine map {@code y = (x - shift) * scale + offset} per feature, with statistics taken over
 * the first (example) axis of the training tensor, as scikit-learn defines them:
 * <ul>
 * <li>{@link Kind#MIN_MAX}: {@code y = (x - min) / (max - min)}, into [0, 1] (MinMaxScaler);</li>
 * <li>{@link Kind#MIN_MAX_SYMMETRIC}: {@code y = 2 (x - min) / (max - min) - 1}, into [-1, 1]
 *     (MinMaxScaler(feature_range=(-1, 1)));</li>
 * <li>{@link Kind#Z_SCORE}: {@code y = (x - mean) / std} with the population standard deviation
 *     {@code std = sqrt(sum (x - mean)^2 / N)} (StandardScaler).</li>
 * </ul>
 * A feature that is constant in the training data ({@code min == max}) gets scale 1 instead of a division by zero,
 * as in scikit-learn, so it maps to the low end of the range (0 or -1), or to 0 for z-score (its standard
 * deviation is recorded as exactly 0 and its mean as the constant, whatever rounding the reductions made).
 *
 * <p>The fitted statistics travel with a model as named FLOAT64 tensors plus string metadata ({@link #state},
 * {@link #metadata}, {@link #fromState}), e.g. into a safetensors file, so evaluation applies the same transform.
 * Immutable and thread-safe: {@link #transform} may run on a {@link DataLoader}'s background thread.
 */
public final class Normalizer {
    /** The normalizations, with the identifiers used in metadata and on the command line. */
    public enum Kind {
        /** Min-max to [0, 1]: {@code min-max}. */
        MIN_MAX("min-max"),
        /** Min-max to [-1, 1]: {@code min-max-symmetric}. */
        MIN_MAX_SYMMETRIC("min-max-symmetric"),
        /** Zero mean, unit (population) variance: {@code z-score}. */
        Z_SCORE("z-score");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The identifier, e.g. {@code z-score}. */
        public String id() {
            return id;
        }

        /**
         * The kind named by {@code id} (case-insensitive; {@code minmax}, {@code minmax-symmetric}, {@code zscore}
         * and {@code standard} are accepted too).
         */
        public static Kind fromId(String id) {
            return EnumNames.find(Kind.class, id, (k, s) -> k.id.replace("-", "").equals(s.replace("-", ""))
                            || k == Z_SCORE && s.equals("standard"))
                    .orElseThrow(() -> new IllegalArgumentException("unknown normalization '" + id
                            + "' (expected min-max, min-max-symmetric or z-score)"));
        }
    }

    private final Kind kind;
    private final Shape featureShape;
    private final double[] first;
    private final double[] second;
    private final double[] shift;
    private final double[] scale;
    private final double offset;

    private Normalizer(Kind kind, Shape featureShape, double[] first, double[] second) {
        this.kind = kind;
        this.featureShape = featureShape;
        this.first = first;
        this.second = second;
        int n = first.length;
        this.shift = new double[n];
        this.scale = new double[n];
        for (int i = 0; i < n; i++) {
            shift[i] = first[i];
            double spread = switch (kind) {
                case MIN_MAX, MIN_MAX_SYMMETRIC -> second[i] - first[i];
                case Z_SCORE -> second[i];
            };
            if (spread == 0) {
                spread = 1;
            }
            scale[i] = (kind == Kind.MIN_MAX_SYMMETRIC ? 2 : 1) / spread;
        }
        this.offset = kind == Kind.MIN_MAX_SYMMETRIC ? -1 : 0;
    }

    /**
     * Fits {@code kind} to training data {@code x} of shape {@code [N, ...features]}, N >= 1 (statistics per
     * feature over axis 0, computed on x's device in x's dtype). {@code x} is not modified.
     *
     * @throws IllegalArgumentException for a scalar, an empty x, or an integer dtype
     */
    public static Normalizer fit(Kind kind, Tensor x) {
        if (x.rank() == 0 || x.size(0) == 0) {
            throw new IllegalArgumentException("Normalizer.fit: expected [N, ...features] with N >= 1, got "
                    + x.shape());
        }
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException("Normalizer.fit: expected floating data, got " + x.dtype());
        }
        int[] d = x.shape().dims();
        Shape features = Shape.of(Arrays.copyOfRange(d, 1, d.length));
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            double[] min = x.min(0, false).toDoubleArray();
            double[] max = x.max(0, false).toDoubleArray();
            if (kind == Kind.Z_SCORE) {
                double[] mean = x.mean(0).toDoubleArray();
                double[] std = x.std(new int[]{0}, 0, false).toDoubleArray();
                for (int i = 0; i < std.length; i++) {
                    if (min[i] == max[i]) {
                        mean[i] = min[i];
                        std[i] = 0;
                    }
                }
                return new Normalizer(kind, features, mean, std);
            }
            return new Normalizer(kind, features, min, max);
        }
    }

    /** The kind of normalization. */
    public Kind kind() {
        return kind;
    }

    /** The shape of one example's features this normalizer was fitted on. */
    public Shape featureShape() {
        return featureShape;
    }

    /**
     * {@code (x - shift) * scale + offset} per feature, for {@code x} of shape {@code [..., ...featureShape]} (a batch
     * or one example), computed in x's dtype on x's device. Not recorded for autograd; {@code x} is not modified.
     *
     * @throws IllegalArgumentException when x's trailing axes are not the feature shape
     */
    public Tensor transform(Tensor x) {
        return affine(x, false);
    }

    /** The inverse map {@code (y - offset) / scale + shift}, back to the original units. */
    public Tensor inverseTransform(Tensor y) {
        return affine(y, true);
    }

    private Tensor affine(Tensor x, boolean inverse) {
        int r = featureShape.rank();
        int[] d = x.shape().dims();
        if (d.length < r || !Shape.of(Arrays.copyOfRange(d, d.length - r, d.length)).equals(featureShape)) {
            throw new IllegalArgumentException("Normalizer." + (inverse ? "inverseTransform" : "transform")
                    + ": input " + x.shape() + " does not end with the feature shape " + featureShape
                    + " the normalizer was fitted on");
        }
        DType type = x.dtype().toFloating();
        try (Scope s = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor sh = constant(shift, type, x.device());
            Tensor sc = constant(scale, type, x.device());
            Tensor out = inverse ? x.sub(offset).div(sc).add(sh) : x.sub(sh).mul(sc).add(offset);
            return s.keep(out);
        }
    }

    private Tensor constant(double[] v, DType type, Device device) {
        int[] dims = featureShape.rank() == 0 ? new int[]{1} : featureShape.dims();
        Tensor t = type == DType.FLOAT64 ? Tensor.of(device, v, dims) : Tensor.of(device, toFloats(v), dims);
        return featureShape.rank() == 0 ? t.reshape() : t;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** The fitted per-feature statistics: min and max, or mean and (population) standard deviation. */
    public double[][] statistics() {
        return new double[][]{first.clone(), second.clone()};
    }

    /**
     * The fitted statistics as new FLOAT64 tensors of the feature shape on {@code device} (which must support
     * FLOAT64, e.g. the CPU): {@code prefix + "min"} and {@code prefix + "max"}, or {@code prefix + "mean"} and
     * {@code prefix + "std"}. The caller owns them.
     */
    public Map<String, Tensor> state(String prefix, Device device) {
        String[] names = names(kind);
        Map<String, Tensor> out = new LinkedHashMap<>();
        int[] dims = featureShape.dims();
        out.put(prefix + names[0], fromDoubles(first, dims, device));
        out.put(prefix + names[1], fromDoubles(second, dims, device));
        return out;
    }

    private static Tensor fromDoubles(double[] v, int[] dims, Device device) {
        if (dims.length == 0) {
            return Tensor.scalar(v[0], DType.FLOAT64, device);
        }
        return Tensor.of(device, v, dims);
    }

    /** {@code prefix + "kind"} = the kind's id ({@code min-max}, {@code min-max-symmetric} or {@code z-score}). */
    public Map<String, String> metadata(String prefix) {
        return Map.of(prefix + "kind", kind.id());
    }

    /**
     * The normalizer whose {@link #state} and {@link #metadata} (with the same prefix) are given.
     *
     * @throws IllegalArgumentException naming the missing or inconsistent entry
     */
    public static Normalizer fromState(String prefix, Map<String, Tensor> state, Map<String, String> metadata) {
        String id = metadata.get(prefix + "kind");
        if (id == null) {
            throw new IllegalArgumentException("Normalizer.fromState: metadata has no '" + prefix + "kind' entry");
        }
        Kind kind = Kind.fromId(id);
        String[] names = names(kind);
        Tensor a = state.get(prefix + names[0]);
        Tensor b = state.get(prefix + names[1]);
        if (a == null || b == null) {
            throw new IllegalArgumentException("Normalizer.fromState: a " + kind.id() + " normalizer needs tensors '"
                    + prefix + names[0] + "' and '" + prefix + names[1] + "', found " + state.keySet());
        }
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("Normalizer.fromState: '" + prefix + names[0] + "' has shape "
                    + a.shape() + " but '" + prefix + names[1] + "' has " + b.shape());
        }
        double[] first = a.toDoubleArray();
        double[] second = b.toDoubleArray();
        return new Normalizer(kind, a.shape(), first, second);
    }

    private static String[] names(Kind kind) {
        return kind == Kind.Z_SCORE ? new String[]{"mean", "std"} : new String[]{"min", "max"};
    }

    @Override
    public String toString() {
        return "Normalizer(" + kind.id() + ", features " + featureShape + ")";
    }
}
