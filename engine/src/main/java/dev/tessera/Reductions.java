package dev.tessera;

import dev.tessera.backend.ReduceOp;
import java.util.Arrays;

/**
 * Reductions over any set of axes. The reduced axes are brought into one middle block of a dense
 * {@code [outer, n, inner]} view (directly when they are adjacent, else by a permuted copy) and handed to the
 * reduce primitive. mean, var, std and logsumexp are composites of sum, max and elementwise ops.
 */
final class Reductions {
    private Reductions() {
    }

    /** Sorted, de-duplicated, non-negative axes; null or empty means all axes. */
    static int[] normalizeAxes(Shape shape, int[] axes, String op) {
        if (axes == null || axes.length == 0) {
            int[] all = new int[shape.rank()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        boolean[] seen = new boolean[shape.rank()];
        for (int a : axes) {
            int n = shape.normalizeAxis(a, op);
            if (seen[n]) {
                throw new IllegalArgumentException(op + ": axis " + a + " repeats in " + Arrays.toString(axes));
            }
            seen[n] = true;
        }
        int count = 0;
        for (boolean b : seen) {
            count += b ? 1 : 0;
        }
        int[] out = new int[count];
        for (int i = 0, j = 0; i < seen.length; i++) {
            if (seen[i]) {
                out[j++] = i;
            }
        }
        return out;
    }

    /** The shape with the reduced axes set to 1 (keepdim) or removed. */
    static Shape reducedShape(Shape shape, int[] axes, boolean keepdim) {
        int[] d = shape.dims();
        boolean[] red = new boolean[d.length];
        for (int a : axes) {
            red[a] = true;
        }
        int[] out = new int[keepdim ? d.length : d.length - axes.length];
        for (int i = 0, j = 0; i < d.length; i++) {
            if (red[i]) {
                if (keepdim) {
                    out[j++] = 1;
                }
            } else {
                out[j++] = d[i];
            }
        }
        return Shape.of(out);
    }

    /** Runs the reduce primitive over {@code axes} and returns the dense [kept axes] result (flat layout). */
    private static Tensor launch(ReduceOp op, Tensor x, int[] axes, DType outType) {
        try (OpFrame f = new OpFrame()) {
            int r = x.rank();
            boolean adjacent = axes.length == 0 || axes[axes.length - 1] - axes[0] == axes.length - 1;
            Tensor src;
            long outer = 1;
            long n = 1;
            long inner = 1;
            int[] d = x.shape().dimsUnsafe();
            if (adjacent) {
                src = f.dense(x);
                int first = axes.length == 0 ? r : axes[0];
                int last = axes.length == 0 ? r - 1 : axes[axes.length - 1];
                for (int i = 0; i < r; i++) {
                    if (i < first) {
                        outer *= d[i];
                    } else if (i <= last) {
                        n *= d[i];
                    } else {
                        inner *= d[i];
                    }
                }
            } else {
                int[] order = new int[r];
                boolean[] red = new boolean[r];
                for (int a : axes) {
                    red[a] = true;
                }
                int j = 0;
                for (int i = 0; i < r; i++) {
                    if (!red[i]) {
                        order[j++] = i;
                        outer *= d[i];
                    }
                }
                for (int a : axes) {
                    order[j++] = a;
                    n *= d[a];
                }
                try (Tensor permuted = Views.permute(x, order)) {
                    src = f.own(permuted.contiguousCopy());
                }
            }
            Tensor out = Tensor.empty(x.device(), outType, reducedShape(x.shape(), axes, false));
            if (outer * inner > 0) {
                x.backend().reduce(op, src.buffer(), out.buffer(), outer, n, inner);
            }
            return out;
        }
    }

    /** sum, max or min over axes (null: all). */
    static Tensor reduce(String name, Tensor input, int[] axesIn, boolean keepdim) {
        input.checkOpen(name);
        Tensor x = name.equals("sum") ? Autocast.float32(input) : input;
        ReduceOp op = switch (name) {
            case "sum" -> ReduceOp.SUM;
            case "max" -> ReduceOp.MAX;
            case "min" -> ReduceOp.MIN;
            default -> throw new IllegalArgumentException(name);
        };
        int[] axes = normalizeAxes(x.shape(), axesIn, name);
        Shape keepShape = reducedShape(x.shape(), axes, true);
        Shape outShape = keepdim ? keepShape : reducedShape(x.shape(), axes, false);
        if (op != ReduceOp.SUM) {
            for (int a : axes) {
                if (x.shape().dim(a) == 0) {
                    throw new IllegalArgumentException(name + ": cannot reduce axis " + a + " of size 0 (shape "
                            + x.shape() + ")");
                }
            }
        }
        Tensor out;
        try (OpFrame f = new OpFrame()) {
            out = f.own(launch(op, x, axes, x.dtype())).view(0, outShape, outShape.contiguousStrides());
        }
        if (GraphNode.needed(x)) {
            if (op == ReduceOp.SUM) {
                GraphNode.record(out, name, new Tensor[]{x}, new Tensor[0],
                        (g, needs) -> new Tensor[]{Derivatives.sum(x.shape(), keepShape, g)});
            } else {
                GraphNode.record(out, name, new Tensor[]{x}, new Tensor[]{x, out},
                        (g, needs) -> new Tensor[]{Derivatives.maxMin(x, out, axes, keepShape, g)});
            }
        }
        return out;
    }

    /** argmax or argmin along one axis, or over the flattened tensor when axis is null. Not differentiable. */
    static Tensor arg(String name, Tensor x, Integer axis, boolean keepdim) {
        x.checkOpen(name);
        ReduceOp op = name.equals("argmax") ? ReduceOp.ARGMAX : ReduceOp.ARGMIN;
        if (x.numel() == 0) {
            throw new IllegalArgumentException(name + ": cannot reduce an empty tensor of shape " + x.shape());
        }
        if (axis == null) {
            if (x.numel() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + ": tensor of shape " + x.shape() + " has "
                        + Sizes.grouped(x.numel()) + " elements; a flat INT32 index reaches only "
                        + Sizes.grouped(Integer.MAX_VALUE) + " (reduce along an axis instead)");
            }
            try (OpFrame f = new OpFrame()) {
                return f.own(launch(op, x, normalizeAxes(x.shape(), null, name), DType.INT32))
                        .view(0, Shape.scalar(), new long[0]);
            }
        }
        int a = x.shape().normalizeAxis(axis, name);
        if (x.shape().dim(a) == 0) {
            throw new IllegalArgumentException(name + ": cannot reduce axis " + axis + " of size 0");
        }
        Shape outShape = reducedShape(x.shape(), new int[]{a}, keepdim);
        try (OpFrame f = new OpFrame()) {
            return f.own(launch(op, x, new int[]{a}, DType.INT32)).view(0, outShape, outShape.contiguousStrides());
        }
    }

    /** The number of elements each output element of a reduction over {@code axes} of {@code shape} combines. */
    private static long count(Shape shape, int[] axes) {
        long n = 1;
        for (int a : axes) {
            n *= shape.dim(a);
        }
        return n;
    }

    /** {@code x}, or its FLOAT32 copy when it is an integer tensor (mean and variance are fractional). */
    private static Tensor floating(Tensor x) {
        return x.dtype().isFloating() ? x : x.to(DType.FLOAT32);
    }

    static Tensor mean(Tensor x, int[] axesIn, boolean keepdim) {
        int[] axes = normalizeAxes(x.shape(), axesIn, "mean");
        try (Scope s = Scope.openInternal()) {
            return s.keep(reduce("sum", floating(x), axes, keepdim).div((double) count(x.shape(), axes)));
        }
    }

    static Tensor var(Tensor x, int[] axesIn, int correction, boolean keepdim) {
        int[] axes = normalizeAxes(x.shape(), axesIn, "var");
        long n = count(x.shape(), axes);
        try (Scope s = Scope.openInternal()) {
            Tensor in = floating(x);
            Tensor centered = in.sub(mean(in, axes, true));
            Tensor ss = reduce("sum", centered.mul(centered), axes, keepdim);
            return s.keep(ss.div((double) Math.max(0, n - correction)));
        }
    }

    static Tensor logsumexp(Tensor x, int[] axesIn, boolean keepdim) {
        int[] axes = normalizeAxes(x.shape(), axesIn, "logsumexp");
        try (Scope s = Scope.openInternal()) {
            Tensor in = x.dtype().isFloating() ? Autocast.float32(x) : x.to(DType.FLOAT32);
            Tensor m = reduce("max", in.detach(), axes, true);
            Tensor finiteM = Tensor.where(m.abs().lt(Double.POSITIVE_INFINITY), m, 0.0);
            Tensor r = reduce("sum", in.sub(finiteM).exp(), axes, true).log().add(finiteM);
            if (!keepdim) {
                r = r.reshape(reducedShape(x.shape(), axes, false).dims());
            }
            return s.keep(r);
        }
    }

    /** Sums {@code g} over the axes along which {@code target} was broadcast to g's shape. */
    static Tensor sumTo(Tensor g, Shape target) {
        if (g.shape().equals(target)) {
            return g;
        }
        Shape check = Shape.broadcast("sumTo", g.shape(), target);
        if (!check.equals(g.shape())) {
            throw new IllegalArgumentException("sumTo: shape " + target + " does not broadcast to " + g.shape());
        }
        int lead = g.rank() - target.rank();
        int[] axes = new int[g.rank()];
        int count = 0;
        for (int i = 0; i < g.rank(); i++) {
            if (i < lead || (target.dim(i - lead) == 1 && g.shape().dim(i) != 1)) {
                axes[count++] = i;
            }
        }
        try (Scope s = Scope.openInternal()) {
            Tensor summed = count == 0 ? g : reduce("sum", g, Arrays.copyOf(axes, count), true);
            return s.keep(summed.reshape(target.dims()));
        }
    }
}
