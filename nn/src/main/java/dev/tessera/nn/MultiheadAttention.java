package dev.tessera.nn;

import dev.tessera.Shape;
import dev.tessera.Tensor;

/**
 * Multi-head attention (PyTorch {@code nn.MultiheadAttention}, with PyTorch's parameter layout so state dicts
 * load): {@code in_proj_weight [3E, E]} and {@code in_proj_bias [3E]} project query, key and value (rows 0..E,
 * E..2E, 2E..3E), H heads of size E/H attend independently ({@link Attention}), and {@code out_proj} (a
 * {@link Linear} E -> E) mixes the concatenated heads:
 * <pre>
 *   head_h = softmax(q_h k_h^T / sqrt(E/H) + masks) v_h,   y = concat_h(head_h) W_o^T + b_o.
 * </pre>
 * Initialized as PyTorch: in_proj_weight Xavier-uniform, biases zero, out_proj weight as a Linear's.
 * Dropout on the attention weights applies in training mode only.
 */
public class MultiheadAttention extends Module {
    private final int embedDim;
    private final int heads;
    private final boolean batchFirst;
    private final Tensor inProjWeight;
    private final Tensor inProjBias;
    private final Linear outProj;
    private final Dropout dropout;

    /** {@code heads} heads over {@code embedDim} features, no dropout, biases, time-first, default options. */
    public MultiheadAttention(int embedDim, int heads) {
        this(embedDim, heads, 0.0, true, false, TensorOptions.defaults());
    }

    /**
     * Multi-head attention.
     *
     * @param embedDim   the model width E
     * @param heads      the number of heads H, dividing E
     * @param dropout    dropout probability on the attention weights in training mode, in [0, 1)
     * @param bias       whether the projections have biases
     * @param batchFirst inputs and output as {@code [B, L, E]} instead of {@code [L, B, E]}
     * @param options    device, dtype and generator
     * @throws IllegalArgumentException when H does not divide E or a value is out of range
     */
    public MultiheadAttention(int embedDim, int heads, double dropout, boolean bias, boolean batchFirst,
                              TensorOptions options) {
        if (embedDim < 1 || heads < 1 || embedDim % heads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: heads=" + heads + " must be >= 1 and divide "
                    + "embedDim=" + embedDim);
        }
        this.embedDim = embedDim;
        this.heads = heads;
        this.batchFirst = batchFirst;
        Tensor w = Tensor.zeros(Shape.of(3 * embedDim, embedDim), options.dtype(), options.device());
        Init.xavierUniform(w, 1.0, options.generator());
        this.inProjWeight = registerParameter("in_proj_weight", w);
        this.inProjBias = bias ? registerParameter("in_proj_bias",
                Tensor.zeros(Shape.of(3 * embedDim), options.dtype(), options.device())) : null;
        this.outProj = registerModule("out_proj", new Linear(embedDim, embedDim, bias, options));
        if (bias) {
            Init.zeros(outProj.bias());
        }
        this.dropout = dropout > 0 ? registerModule("dropout", new Dropout(dropout, options.generator().fork()))
                : null;
    }

    /** Self-attention {@code forward(x, x, x)} without masks; returns the output only. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null, null, false, false).output();
    }

    /**
     * Attention of {@code query} over {@code key}/{@code value}.
     *
     * @param query          {@code [L, B, E]} ({@code [B, L, E]} when batch-first)
     * @param key            {@code [S, B, E]}
     * @param value          {@code [S, B, E]}
     * @param keyPaddingMask {@code [B, S]}: INT32 nonzero (or floating -inf) where a key is padding; or null
     * @param attnMask       {@code [L, S]} or {@code [B H, L, S]}, INT32 nonzero = masked or floating additive; or null
     * @param causal         also mask every key after the query's position
     * @param needWeights    whether to return the head-averaged attention weights {@code [B, L, S]}
     * @throws IllegalArgumentException naming the layer and the expected layout when a shape is wrong
     */
    public AttentionOutput forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask,
                                   boolean causal, boolean needWeights) {
        Tensor q = timeFirst(query, "query");
        Tensor k = timeFirst(key, "key");
        Tensor v = timeFirst(value, "value");
        int l = q.size(0);
        int b = q.size(1);
        int s = k.size(0);
        if (k.size(1) != b || v.size(1) != b || v.size(0) != s) {
            throw new IllegalArgumentException(describe() + ": key " + key.shape() + " and value " + value.shape()
                    + " must share the sequence and batch sizes of each other and the batch of query " + query.shape());
        }
        int d = embedDim / heads;
        Tensor qh = project(q, 0).reshape(l, b * heads, d).transpose(0, 1);
        Tensor kh = project(k, 1).reshape(s, b * heads, d).transpose(0, 1);
        Tensor vh = project(v, 2).reshape(s, b * heads, d).transpose(0, 1);
        Tensor mask = combinedMask(keyPaddingMask, attnMask, b, l, s);
        Tensor w = Attention.weights(qh, kh, mask, causal);
        Tensor attended = (dropout != null ? dropout.forward(w) : w).matmul(vh);
        Tensor merged = attended.transpose(0, 1).reshape(l * b, embedDim);
        Tensor out = outProj.forward(merged).reshape(l, b, embedDim);
        Tensor weights = needWeights ? w.reshape(b, heads, l, s).mean(new int[]{1}, false) : null;
        return new AttentionOutput(batchFirst ? out.transpose(0, 1) : out, weights);
    }

    private Tensor timeFirst(Tensor t, String what) {
        if (t.rank() != 3 || t.size(2) != embedDim) {
            throw new IllegalArgumentException(describe() + ": expected " + what + " " + (batchFirst ? "[B, L, "
                    : "[L, B, ") + embedDim + "], got " + t.shape());
        }
        return batchFirst ? t.transpose(0, 1) : t;
    }

    private Tensor project(Tensor x, int which) {
        Tensor w = inProjWeight.slice(0, which * embedDim, (which + 1) * embedDim);
        Tensor bias = inProjBias == null ? null : inProjBias.slice(0, which * embedDim, (which + 1) * embedDim);
        return x.reshape(-1, embedDim).linear(w, bias).reshape(x.size(0), x.size(1), embedDim);
    }

    private Tensor combinedMask(Tensor keyPadding, Tensor attn, int b, int l, int s) {
        Tensor mask = null;
        if (attn != null) {
            boolean shared = attn.rank() == 2 && attn.size(0) == l && attn.size(1) == s;
            boolean perHead = attn.rank() == 3 && attn.size(0) == b * heads && attn.size(1) == l && attn.size(2) == s;
            if (!(shared || perHead) || !Attention.isMask(attn)) {
                throw new IllegalArgumentException(describe() + ": expected attnMask [" + l + ", " + s + "] or ["
                        + b * heads + ", " + l + ", " + s + "] (INT32 or floating), got " + attn.dtype() + " "
                        + attn.shape());
            }
            mask = attn.dtype().isFloating() ? attn : maskToAdditive(attn);
        }
        if (keyPadding != null) {
            if (keyPadding.rank() != 2 || keyPadding.size(0) != b || keyPadding.size(1) != s
                    || !Attention.isMask(keyPadding)) {
                throw new IllegalArgumentException(describe() + ": expected keyPaddingMask [" + b + ", " + s
                        + "] (INT32 or floating), got " + keyPadding.dtype() + " " + keyPadding.shape());
            }
            Tensor additive = keyPadding.dtype().isFloating() ? keyPadding : maskToAdditive(keyPadding);
            Tensor perBatchHead = additive.reshape(b, 1, 1, s).expand(b, heads, 1, s).reshape(b * heads, 1, s);
            mask = mask == null ? perBatchHead : mask.add(perBatchHead);
        }
        return mask;
    }

    private Tensor maskToAdditive(Tensor mask) {
        Tensor zero = Tensor.zeros(Shape.scalar(), inProjWeight.dtype(), inProjWeight.device());
        return Tensor.where(mask, Tensor.scalar(Double.NEGATIVE_INFINITY, zero.dtype(), zero.device()), zero);
    }

    private String describe() {
        return "MultiheadAttention(" + embedDim + ", heads=" + heads + ")";
    }

    /** The model width E. */
    public int embedDim() {
        return embedDim;
    }

    /** The number of heads H. */
    public int heads() {
        return heads;
    }

    /** Whether inputs and output are {@code [B, L, E]} rather than {@code [L, B, E]}. */
    public boolean batchFirst() {
        return batchFirst;
    }

    /** The query, key and value projections {@code [3E, E]} (rows 0..E, E..2E, 2E..3E). */
    public Tensor inProjWeight() {
        return inProjWeight;
    }

    /** Their biases {@code [3E]}, or null. */
    public Tensor inProjBias() {
        return inProjBias;
    }

    /** The output projection. */
    public Linear outProj() {
        return outProj;
    }

    @Override
    protected String extraRepr() {
        return "embedDim=" + embedDim + ", heads=" + heads + ", batchFirst=" + batchFirst;
    }
}
