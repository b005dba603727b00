package dev.tessera;

import dev.tessera.backend.fused.SoftmaxFamily;

/** Softmax, log-softmax and the fused softmax cross-entropy, each one graph node over a fused op of {@link SoftmaxFamily}. */
final class Fused {
    private Fused() {
    }

    static Tensor softmax(Tensor input, int axis, boolean log) {
        String name = log ? "logSoftmax" : "softmax";
        input.checkOpen(name);
        Tensor x = Autocast.float32(input);
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(name + ": expected a floating tensor, got " + x.dtype());
        }
        int a = x.shape().normalizeAxis(axis, name);
        int[] oni = outerNInner(x.shape(), a);
        try (OpFrame f = new OpFrame()) {
            Tensor y = f.own(Tensor.empty(x.device(), x.dtype(), x.shape()));
            if (y.numel() > 0) {
                SoftmaxFamily.SOFTMAX.run(x.backend(),
                        new SoftmaxFamily.Softmax(f.dense(x).buffer(), y.buffer(), oni[0], oni[1], oni[2], log));
            }
            if (GraphNode.needed(x)) {
                GraphNode.record(y, name, new Tensor[]{x}, new Tensor[]{y},
                        (g, needs) -> new Tensor[]{Derivatives.softmax(y, oni, log, g)});
            }
            return f.keep(y);
        }
    }

    /**
     * The sizes before, at and after axis {@code a}, as the softmax descriptors count them (in ints: each is at most
     * 2^31 - 1 even when their product, the element count, is larger).
     *
     * @throws IllegalArgumentException naming the shape when the axes before or after {@code a} hold more
     */
    static int[] outerNInner(Shape s, int a) {
        long[] oi = s.outerInner(a);
        long outer = oi[0];
        long inner = oi[1];
        if (outer > Integer.MAX_VALUE || inner > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("softmax: shape " + s + " has " + Sizes.grouped(outer)
                    + " rows before and " + Sizes.grouped(inner) + " columns after axis " + a + "; each may be at most "
                    + Sizes.grouped(Integer.MAX_VALUE));
        }
        return new int[]{(int) outer, s.dim(a), (int) inner};
    }

    static Tensor softmaxCrossEntropy(Tensor input, Tensor labels, Tensor weights, double smoothing) {
        String op = "softmaxCrossEntropy";
        input.checkCompatible(op, labels);
        Tensor logits = Autocast.float32(input);
        if (logits.rank() != 2 || !logits.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": logits must be a floating [N, C] tensor, got " + logits.dtype()
                    + " " + logits.shape());
        }
        int rows = logits.shape().dim(0);
        int classes = logits.shape().dim(1);
        if (labels.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": labels must be INT32 class indices, got " + labels.dtype());
        }
        if (labels.rank() != 1 || labels.shape().dim(0) != rows) {
            throw new IllegalArgumentException(op + ": labels shape " + labels.shape() + " does not match logits "
                    + logits.shape() + " (expected [" + rows + "])");
        }
        if (classes == 0) {
            throw new IllegalArgumentException(op + ": logits " + logits.shape() + " have no classes");
        }
        if (weights != null) {
            logits.checkCompatible(op, weights);
            if (weights.rank() != 1 || weights.shape().dim(0) != classes || weights.dtype() != logits.dtype()) {
                throw new IllegalArgumentException(op + ": class weights must be " + logits.dtype() + " [" + classes
                        + "], got " + weights.dtype() + " " + weights.shape());
            }
        }
        if (!(smoothing >= 0 && smoothing <= 1)) {
            throw new IllegalArgumentException(op + ": label smoothing must be in [0, 1], got " + smoothing);
        }
        try (OpFrame f = new OpFrame()) {
            Tensor y = f.dense(Indexing.checked(op, labels, classes, "label", f));
            Tensor loss = f.own(Tensor.empty(logits.device(), logits.dtype(), Shape.of(rows)));
            Tensor logProbs = f.own(Tensor.empty(logits.device(), logits.dtype(), logits.shape()));
            Tensor x = f.dense(logits);
            Tensor w = weights == null ? null : f.dense(weights);
            if (rows > 0) {
                SoftmaxFamily.CROSS_ENTROPY.run(logits.backend(), new SoftmaxFamily.CrossEntropy(x.buffer(),
                        y.buffer(), w == null ? null : w.buffer(), loss.buffer(), logProbs.buffer(), rows, classes,
                        smoothing));
            }
            if (GraphNode.needed(logits)) {
                GraphNode.record(loss, op, new Tensor[]{logits}, f.save(logProbs, y, w),
                        (g, needs) -> new Tensor[]{Derivatives.softmaxCrossEntropy(logProbs, y, w, smoothing, g)});
            }
            return f.keep(loss);
        }
    }
}
