package dev.tessera.data;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;

/**
 * A dataset over tensors whose first axis indexes the examples, like PyTorch's {@code TensorDataset}: features
 * {@code [N, ...]} and optional targets {@code [N, ...]} (INT32 targets of shape {@code [N]} are class labels,
 * floating ones real targets). {@link #batch} selects rows with {@link Tensor#indexSelect} on the tensors' device and
 * then converts and moves them. The dataset does not own the tensors: the caller keeps them open while it is used
 * and closes them afterwards.
 */
public final class TensorDataset implements Dataset {
    private final Tensor features;
    private final Tensor targets;
    private final TargetKind kind;
    private final int numClasses;

    /**
     * A dataset over {@code features} and {@code targets} (may be null).
     *
     * @throws IllegalArgumentException when the first axes differ, the tensors are on different devices, or INT32
     *                                  labels are not 1-D or negative
     */
    public TensorDataset(Tensor features, Tensor targets) {
        if (features.rank() == 0) {
            throw new IllegalArgumentException("TensorDataset: features need an example axis, got a scalar");
        }
        if (targets != null) {
            if (targets.rank() == 0 || targets.size(0) != features.size(0)) {
                throw new IllegalArgumentException("TensorDataset: targets " + targets.shape() + " and features "
                        + features.shape() + " differ in their first (example) axis");
            }
            if (targets.device() != features.device()) {
                throw new IllegalArgumentException("TensorDataset: features are on " + features.device()
                        + " but targets on " + targets.device());
            }
        }
        this.features = features;
        this.targets = targets;
        if (targets == null) {
            kind = TargetKind.NONE;
            numClasses = 0;
        } else if (targets.dtype() == DType.INT32) {
            if (targets.rank() != 1) {
                throw new IllegalArgumentException("TensorDataset: INT32 class labels must be 1-D, got "
                        + targets.shape());
            }
            kind = TargetKind.CLASS;
            int min = targets.numel() == 0 ? 0 : (int) minOf(targets);
            if (min < 0) {
                throw new IllegalArgumentException("TensorDataset: class labels must be >= 0, found " + min);
            }
            numClasses = targets.numel() == 0 ? 0 : (int) maxOf(targets) + 1;
        } else {
            kind = TargetKind.NUMERIC;
            numClasses = 0;
        }
    }

    private static double minOf(Tensor t) {
        try (Tensor m = t.min()) {
            return m.item();
        }
    }

    private static double maxOf(Tensor t) {
        try (Tensor m = t.max()) {
            return m.item();
        }
    }

    @Override
    public int size() {
        return features.size(0);
    }

    @Override
    public Shape featureShape() {
        return exampleShape(features);
    }

    @Override
    public TargetKind targetKind() {
        return kind;
    }

    @Override
    public Shape targetShape() {
        return kind == TargetKind.NUMERIC ? exampleShape(targets) : Shape.scalar();
    }

    /** The shape of one example of {@code t}: its shape without the first (example) axis. */
    private static Shape exampleShape(Tensor t) {
        int[] d = t.shape().dims();
        return Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length));
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public Batch batch(int[] indices, DType featureType, Device device) {
        Checks.featureType("TensorDataset.batch", featureType);
        Checks.indices("TensorDataset.batch", indices, size());
        try (Scope scope = Scope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor index = Tensor.of(features.device(), indices, indices.length);
            Tensor x = features.indexSelect(0, index).to(featureType).to(device);
            Tensor y = null;
            if (targets != null) {
                y = targets.indexSelect(0, index);
                if (kind == TargetKind.NUMERIC) {
                    y = y.to(featureType);
                }
                y = scope.keep(y.to(device));
            }
            return new Batch(scope.keep(x), y);
        }
    }
}
