package dev.tessera.data;

import dev.tessera.DType;
import dev.tessera.Device;

/** The examples of a source dataset at a fixed list of indices, in that order; no data is copied. Immutable. */
public final class Subset extends DatasetView {
    private final int[] indices;

    /**
     * A view of {@code source} through {@code indices} (copied).
     *
     * @throws IndexOutOfBoundsException naming the first index outside {@code [0, source.size())}
     */
    public Subset(Dataset source, int[] indices) {
        super(source);
        this.indices = indices.clone();
        for (int i = 0; i < this.indices.length; i++) {
            int k = this.indices[i];
            if (k < 0 || k >= source.size()) {
                throw new IndexOutOfBoundsException("Subset: index " + k + " at position " + i
                        + " is outside the source dataset of " + source.size() + " examples");
            }
        }
    }

    /** The dataset this subset views. */
    public Dataset source() {
        return source;
    }

    /** The source indices of this subset's examples, in order (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Batch batch(int[] positions, DType featureType, Device device) {
        int[] mapped = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            int p = positions[i];
            if (p < 0 || p >= indices.length) {
                throw new IndexOutOfBoundsException("Subset.batch: index " + p + " is outside the subset of "
                        + indices.length + " examples");
            }
            mapped[i] = indices[p];
        }
        return source.batch(mapped, featureType, device);
    }
}
