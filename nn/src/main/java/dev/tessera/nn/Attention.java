package dev.tessera.nn;

import dev.tessera.DType;
import dev.tessera.Tensor;

/**
 * Scaled dot-product attention: {@code softmax(q k^T / sqrt(E) + M) v} over the last two axes of
 * {@code q [..., L, E]}, {@code k [..., S, E]} and {@code v [..., S, Ev]} (leading axes broadcast).
 *
 * <h2>Masks</h2>
 * A mask broadcasts against the scores {@code [..., L, S]}. A floating mask is added to the scores; an INT32 mask
 * marks with a nonzero value the positions that may NOT be attended (PyTorch's {@code nn.MultiheadAttention}
 * convention), which get -inf. {@code causal} additionally masks every key after the query's position
 * ({@code s > l}). A query whose every key is masked yields NaN, as in PyTorch.
 */
public final class Attention {
    private Attention() {
    }

    /**
     * The attention weights {@code softmax(q k^T / sqrt(E) + M)} {@code [..., L, S]}.
     *
     * @throws IllegalArgumentException when the shapes of q, k or the mask do not fit
     */
    public static Tensor weights(Tensor q, Tensor k, Tensor mask, boolean causal) {
        if (q.rank() < 2 || k.rank() < 2 || q.size(-1) != k.size(-1)) {
            throw new IllegalArgumentException("attention: expected q [..., L, E] and k [..., S, E] with the same E, "
                    + "got " + q.shape() + " and " + k.shape());
        }
        Tensor scores = q.matmul(k.transpose(-2, -1)).mul(1.0 / Math.sqrt(q.size(-1)));
        if (mask != null) {
            scores = applyMask(scores, mask);
        }
        if (causal) {
            scores = applyMask(scores, causalMask(q.size(-2), k.size(-2), q));
        }
        return scores.softmax(-1);
    }

    /**
     * {@code weights(q, k, mask, causal) v}: the attention output {@code [..., L, Ev]}.
     *
     * @throws IllegalArgumentException when the shapes of q, k, v or the mask do not fit
     */
    public static Tensor scaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal) {
        if (v.rank() < 2 || v.size(-2) != k.size(-2)) {
            throw new IllegalArgumentException("attention: expected v [..., S, Ev] with the S of k " + k.shape()
                    + ", got " + v.shape());
        }
        return weights(q, k, mask, causal).matmul(v);
    }

    /** Scores with {@code mask} applied (see the class comment). */
    static Tensor applyMask(Tensor scores, Tensor mask) {
        try {
            if (mask.dtype().isFloating()) {
                return scores.add(mask);
            }
            return Tensor.where(mask, Tensor.scalar(Double.NEGATIVE_INFINITY, scores.dtype(), scores.device()), scores);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attention: mask " + mask.shape() + " does not broadcast to the scores "
                    + scores.shape() + " [..., L, S]", e);
        }
    }

    /** The INT32 {@code [L, S]} mask that is 1 where key s comes after query l. */
    static Tensor causalMask(int queries, int keys, Tensor like) {
        int[] m = new int[queries * keys];
        for (int l = 0; l < queries; l++) {
            for (int s = l + 1; s < keys; s++) {
                m[l * keys + s] = 1;
            }
        }
        return Tensor.of(like.device(), m, queries, keys);
    }

    /** Whether {@code t} is an INT32 or floating mask (anything else is rejected by the callers). */
    static boolean isMask(Tensor t) {
        return t.dtype() == DType.INT32 || t.dtype().isFloating();
    }
}
