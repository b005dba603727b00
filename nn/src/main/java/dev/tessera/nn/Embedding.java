package dev.tessera.nn;

import dev.tessera.DType;
import dev.tessera.Shape;
import dev.tessera.Tensor;

/**
 * A lookup table (PyTorch {@code nn.Embedding}): for INT32 indices of any shape, {@code y[..., :] = W[index[...], :]}
 * with {@code weight W [num, dim]} initialized N(0, 1). With a {@code paddingIdx}, that row starts at zeros and gets
 * no gradient (its lookups pass the row's value through, detached), as in PyTorch.
 */
public class Embedding extends Module {
    private final int num;
    private final int dim;
    private final Integer paddingIdx;
    private final Tensor weight;

    /** A table of {@code num} vectors of size {@code dim}, no padding index, on the default device. */
    public Embedding(int num, int dim) {
        this(num, dim, null, TensorOptions.defaults());
    }

    /**
     * A table with an optional padding index (negative counts from the end, as in PyTorch).
     *
     * @throws IllegalArgumentException when a size is below 1 or the padding index is out of range
     */
    public Embedding(int num, int dim, Integer paddingIdx, TensorOptions options) {
        if (num < 1 || dim < 1) {
            throw new IllegalArgumentException("Embedding: num and dim must be >= 1, got " + num + " and " + dim);
        }
        if (paddingIdx != null && (paddingIdx >= num || paddingIdx < -num)) {
            throw new IllegalArgumentException("Embedding(" + num + ", " + dim + "): paddingIdx " + paddingIdx
                    + " must be in [-" + num + ", " + num + ")");
        }
        this.num = num;
        this.dim = dim;
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + num : paddingIdx;
        Tensor w = Tensor.zeros(Shape.of(num, dim), options.dtype(), options.device());
        Init.normal(w, 0, 1, options.generator());
        if (this.paddingIdx != null) {
            w.select(0, this.paddingIdx).fill(0);
        }
        this.weight = registerParameter("weight", w);
    }

    /**
     * The rows of the table at {@code indices}.
     *
     * @throws IllegalArgumentException when the indices are not INT32 or one is outside {@code [0, num)}
     */
    @Override
    public Tensor forward(Tensor indices) {
        if (indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("Embedding(" + num + ", " + dim + "): expected INT32 indices, got "
                    + indices.dtype());
        }
        int[] outShape = new int[indices.rank() + 1];
        System.arraycopy(indices.shape().dims(), 0, outShape, 0, indices.rank());
        outShape[indices.rank()] = dim;
        Tensor flat = indices.reshape(-1);
        Tensor rows;
        try {
            rows = weight.indexSelect(0, flat);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Embedding(" + num + ", " + dim + "): " + e.getMessage(), e);
        }
        if (paddingIdx != null && weight.requiresGrad()) {
            Tensor keep = flat.ne(paddingIdx).to(weight.dtype()).unsqueeze(1);
            Tensor frozen = weight.detach().indexSelect(0, flat);
            rows = rows.mul(keep).add(frozen.mul(keep.rsub(1.0)));
        }
        return rows.reshape(outShape);
    }

    /** The table {@code [num, dim]} (the live parameter). */
    public Tensor weight() {
        return weight;
    }

    @Override
    protected String extraRepr() {
        return num + ", " + dim + (paddingIdx != null ? ", paddingIdx=" + paddingIdx : "");
    }
}
