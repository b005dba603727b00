package dev.tessera;

import dev.tessera.backend.Backend;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.ReduceOp;

/** gather, scatter_add, index_select and one_hot over the index primitives, with range checks on the indices. */
final class Indexing {
    private Indexing() {
    }

    /**
     * The indices an op may launch with, given that each must be in {@code [0, n)}. With index checks off, {@code index}
     * itself. Eagerly (the default): {@code index} itself after reading its minimum and maximum back, throwing naming
     * {@code op} when one is outside the range. Under {@link DeferredChecks#defer}: the check is recorded on the
     * device (raised at the next read) and the result is a dense copy clamped to {@code [0, n)}, owned by {@code f},
     * so the launch never indexes out of bounds. While a step is captured, the check is hoisted out of the graph:
     * {@link StepGraph} records it after each replay, on the indices that replay computed.
     *
     * @throws IndexOutOfBoundsException (eager checks) naming op, the offending value and the range
     */
    static Tensor checked(String op, Tensor index, int n, String what, OpFrame f) {
        if (!Tessera.indexChecks() || index.numel() == 0) {
            return index;
        }
        Tensor dense = f.dense(index);
        Backend backend = index.backend();
        if (DeferredChecks.active()) {
            if (!StepGraph.hoistCheck(op, dense, n, what)) {
                DeferredChecks.record(op, dense, n, what);
            }
            int[] dims = index.shape().dims();
            Tensor clamped = f.own(Tensor.empty(index.device(), DType.INT32, index.shape()));
            Operand out = Operand.contiguous(clamped.buffer(), dims);
            backend.binary(BinaryOp.MAXIMUM, Operand.contiguous(dense.buffer(), dims), Operand.constant(0), out, dims);
            backend.binary(BinaryOp.MINIMUM, out, Operand.constant(n - 1), out, dims);
            return clamped;
        }
        index.device().checkHostRead(op + " (its eager index range check; defer it with DeferredChecks.defer or "
                + "turn it off with Tessera.setIndexChecks(false))");
        Tensor lohi = f.own(Tensor.empty(index.device(), DType.INT32, Shape.of(1)));
        long count = index.numel();
        int[] lo = new int[1];
        int[] hi = new int[1];
        backend.reduce(ReduceOp.MIN, dense.buffer(), lohi.buffer(), 1, count, 1);
        backend.read(lohi.buffer(), 0, lo, 0, 1);
        backend.reduce(ReduceOp.MAX, dense.buffer(), lohi.buffer(), 1, count, 1);
        backend.read(lohi.buffer(), 0, hi, 0, 1);
        if (lo[0] < 0 || hi[0] >= n) {
            int bad = lo[0] < 0 ? lo[0] : hi[0];
            throw new IndexOutOfBoundsException(op + ": " + what + " " + bad + " is out of range [0, " + n + ")");
        }
        return index;
    }

    private static void checkIndexTensor(String op, Tensor x, Tensor index) {
        x.checkCompatible(op, index);
        if (index.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": index must be INT32, got " + index.dtype());
        }
    }

    private static void checkSameExceptAxis(String op, Shape data, Shape index, int a) {
        boolean ok = data.rank() == index.rank();
        for (int i = 0; ok && i < data.rank(); i++) {
            ok = i == a || data.dim(i) == index.dim(i);
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": index shape " + index + " must match data shape " + data
                    + " on every axis but " + a);
        }
    }

    /** Runs an index primitive on dense operands. */
    private static void launch(IndexOp op, Tensor src, Tensor index, Tensor dst, long outer, long n, long m,
                               long inner) {
        if (outer * m * inner == 0) {
            return;
        }
        try (OpFrame f = new OpFrame()) {
            dst.backend().index(op, f.dense(src).buffer(), f.dense(index).buffer(), dst.buffer(), outer, n, m, inner);
        }
    }

    static Tensor gather(Tensor x, int axis, Tensor index) {
        checkIndexTensor("gather", x, index);
        int a = x.shape().normalizeAxis(axis, "gather");
        checkSameExceptAxis("gather", x.shape(), index.shape(), a);
        int n = x.shape().dim(a);
        try (OpFrame f = new OpFrame()) {
            Tensor idx = checked("gather", index, n, "index", f);
            long[] oi = x.shape().outerInner(a);
            Tensor out = f.own(Tensor.empty(x.device(), x.dtype(), index.shape()));
            launch(IndexOp.GATHER, x, idx, out, oi[0], n, index.shape().dim(a), oi[1]);
            if (GraphNode.needed(x)) {
                GraphNode.record(out, "gather", new Tensor[]{x}, f.save(idx),
                        (g, needs) -> new Tensor[]{Derivatives.gather(x.shape(), a, idx, g)});
            }
            return f.keep(out);
        }
    }

    /** A fresh dense copy of x with src added at index along axis a (the primitive, not recorded). */
    static Tensor scatterAddRaw(Tensor x, int a, Tensor index, Tensor src) {
        Tensor out = x.contiguousCopy();
        long[] oi = x.shape().outerInner(a);
        launch(IndexOp.SCATTER_ADD, src, index, out, oi[0], x.shape().dim(a), index.shape().dim(a), oi[1]);
        return out;
    }

    static Tensor scatterAdd(Tensor x, int axis, Tensor index, Tensor src) {
        checkIndexTensor("scatterAdd", x, index);
        x.checkCompatible("scatterAdd", src);
        int a = x.shape().normalizeAxis(axis, "scatterAdd");
        checkSameExceptAxis("scatterAdd", x.shape(), index.shape(), a);
        if (!src.shape().equals(index.shape())) {
            throw new IllegalArgumentException("scatterAdd: src shape " + src.shape() + " must equal index shape "
                    + index.shape());
        }
        if (src.dtype() != x.dtype()) {
            throw new IllegalArgumentException("scatterAdd: src dtype " + src.dtype() + " differs from " + x.dtype());
        }
        try (OpFrame f = new OpFrame()) {
            Tensor idx = checked("scatterAdd", index, x.shape().dim(a), "index", f);
            Tensor out = f.own(scatterAddRaw(x, a, idx, src));
            if (GraphNode.needed(x, src)) {
                GraphNode.record(out, "scatterAdd", new Tensor[]{x, src}, f.save(idx),
                        (g, needs) -> Derivatives.scatterAdd(a, idx, g, needs));
            }
            return f.keep(out);
        }
    }

    /** Zeros of {@code shape} with {@code src} added at the 1-D index along axis a (INDEX_ADD, not recorded). */
    static Tensor indexAddIntoZeros(Shape shape, DType dtype, Device device, int a, Tensor index, Tensor src) {
        Tensor out = Tensor.zeros(shape, dtype, device);
        long[] oi = shape.outerInner(a);
        launch(IndexOp.INDEX_ADD, src, index, out, oi[0], shape.dim(a), index.numel(), oi[1]);
        return out;
    }

    static Tensor indexSelect(Tensor x, int axis, Tensor index) {
        checkIndexTensor("indexSelect", x, index);
        if (index.rank() != 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-D, got " + index.shape());
        }
        int a = x.shape().normalizeAxis(axis, "indexSelect");
        int n = x.shape().dim(a);
        try (OpFrame f = new OpFrame()) {
            Tensor idx = checked("indexSelect", index, n, "index", f);
            int[] dims = x.shape().dims();
            dims[a] = index.shape().dim(0);
            Tensor out = f.own(Tensor.empty(x.device(), x.dtype(), Shape.of(dims)));
            long[] oi = x.shape().outerInner(a);
            launch(IndexOp.INDEX_SELECT, x, idx, out, oi[0], n, index.numel(), oi[1]);
            if (GraphNode.needed(x)) {
                GraphNode.record(out, "indexSelect", new Tensor[]{x}, f.save(idx),
                        (g, needs) -> new Tensor[]{Derivatives.indexSelect(x.shape(), x.dtype(), a, idx, g)});
            }
            return f.keep(out);
        }
    }

    static Tensor oneHot(Tensor labels, int numClasses) {
        labels.checkOpen("oneHot");
        if (labels.dtype() != DType.INT32) {
            throw new IllegalArgumentException("oneHot: labels must be INT32, got " + labels.dtype());
        }
        if (numClasses <= 0) {
            throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + numClasses);
        }
        try (OpFrame f = new OpFrame()) {
            Tensor checkedLabels = checked("oneHot", labels, numClasses, "label", f);
            try (Scope s = Scope.open()) {
                Tensor classes = Tensor.arange(0, numClasses, 1, DType.INT32, labels.device());
                return s.keep(checkedLabels.unsqueeze(-1).eq(classes).to(DType.FLOAT32));
            }
        }
    }
}
