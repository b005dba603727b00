package dev.tessera.data;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Shape;

/**
 * An indexed collection of examples, each a feature array of {@link #featureShape()} and, unless
 * {@link #targetKind()} is {@link TargetKind#NONE}, a target.
 *
 * <p>Implementations must be safe to read from several threads: a {@link DataLoader} calls {@link #batch} on its
 * background thread while the training loop runs.
 */
public interface Dataset {
    /** Number of examples. */
    int size();

    /** Shape of one example's features, e.g. {@code [64]} for digits or {@code [28, 28]} for Fashion-MNIST. */
    Shape featureShape();

    /** What the targets are. */
    TargetKind targetKind();

    /** Shape of one example's target: scalar for class labels (and when there are none), e.g. {@code [k]} else. */
    Shape targetShape();

    /** Number of classes for {@link TargetKind#CLASS} (labels lie in {@code [0, numClasses)}), else 0. */
    int numClasses();

    /**
     * The examples at {@code indices} (in that order) as new tensors on {@code device}: features of
     * {@code featureType} (FLOAT32 or FLOAT64) and shape {@code [indices.length, ...featureShape]}, targets as
     * {@link TargetKind} says. The caller owns the batch; it is tracked by the calling thread's current
     * {@link dev.tessera.Scope}, if any. {@code indices} is not modified.
     *
     * @throws IndexOutOfBoundsException naming the first index outside {@code [0, size())}
     * @throws IllegalArgumentException  for a non-floating featureType
     */
    Batch batch(int[] indices, DType featureType, Device device);

    /** Every example in order, as one batch (see {@link #batch}). */
    default Batch all(DType featureType, Device device) {
        int[] all = new int[size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return batch(all, featureType, device);
    }

    /** The examples at {@code indices} of this dataset, as a dataset (a view: no data is copied). */
    default Subset subset(int[] indices) {
        return new Subset(this, indices);
    }
}
