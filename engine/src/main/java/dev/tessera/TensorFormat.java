package dev.tessera;

import dev.tessera.autograd.GradMode;
import java.util.Locale;

/**
 * PyTorch-style printing of a tensor: {@code tensor([[0.1000, -2.0000], [...]], dtype=FLOAT32, device=cpu,
 * shape=[2, 2])}. Past {@link #THRESHOLD} elements each axis longer than {@code 2 EDGE_ITEMS} shows only its first
 * and last {@link #EDGE_ITEMS} entries around {@code ...}, and only those entries are read from the device. Floating
 * values share one format: integral values as {@code 3.}, magnitudes in [1e-4, 1e8) with 4 decimals, others in
 * scientific notation. A closed tensor prints as {@code tensor(<closed>, shape=[...])} without touching its buffer.
 */
final class TensorFormat {
    /** Element count above which axes are summarized (PyTorch's default). */
    static final int THRESHOLD = 1000;
    /** Entries kept at each end of a summarized axis (PyTorch's default). */
    static final int EDGE_ITEMS = 3;

    private TensorFormat() {
    }

    static String format(Tensor t, boolean closed) {
        if (closed) {
            return "tensor(<closed>, shape=" + t.shape() + ")";
        }
        int[] dims = t.shape().dims();
        boolean summarize = t.numel() > THRESHOLD;
        double[] values;
        int[] shown = dims.clone();
        try (Scope ignored = Scope.open(); GradMode.Guard noGrad = GradMode.noGrad()) {
            Tensor edges = t;
            for (int axis = 0; axis < dims.length && summarize; axis++) {
                int n = dims[axis];
                if (n > 2 * EDGE_ITEMS) {
                    edges = Tensor.concat(axis, edges.slice(axis, 0, EDGE_ITEMS), edges.slice(axis, n - EDGE_ITEMS, n));
                    shown[axis] = 2 * EDGE_ITEMS;
                }
            }
            values = edges.toDoubleArray();
        }
        String[] cells = cells(values, t.dtype().isFloating());
        int width = 0;
        for (String c : cells) {
            width = Math.max(width, c.length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        append(sb, cells, width, dims, shown, summarize, 0, 0, "tensor(".length());
        sb.append(", dtype=").append(t.dtype()).append(", device=").append(t.device());
        if (summarize) {
            sb.append(", shape=").append(t.shape());
        }
        if (t.gradFnName() != null) {
            sb.append(", gradFn=").append(t.gradFnName());
        } else if (t.requiresGrad()) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(')').toString();
    }

    /** Appends the block of axis {@code axis} starting at flat position {@code start} of the shown values. */
    private static int append(StringBuilder sb, String[] cells, int width, int[] dims, int[] shown, boolean summarize,
                              int axis, int start, int indent) {
        if (axis == dims.length) {
            sb.append(" ".repeat(width - cells[start].length())).append(cells[start]);
            return start + 1;
        }
        boolean cut = summarize && shown[axis] < dims[axis];
        String separator = axis == dims.length - 1 ? ", " : ",\n" + "\n".repeat(dims.length - axis - 2)
                + " ".repeat(indent + 1);
        sb.append('[');
        int pos = start;
        for (int i = 0; i < shown[axis]; i++) {
            if (i > 0) {
                sb.append(separator);
            }
            if (cut && i == EDGE_ITEMS) {
                sb.append("...").append(separator);
            }
            pos = append(sb, cells, width, dims, shown, summarize, axis + 1, pos, indent + 1);
        }
        sb.append(']');
        return pos;
    }

    private static String[] cells(double[] values, boolean floating) {
        String[] out = new String[values.length];
        if (!floating) {
            for (int i = 0; i < values.length; i++) {
                out[i] = Long.toString((long) values[i]);
            }
            return out;
        }
        boolean integral = true;
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                integral &= v == Math.rint(v);
                maxAbs = Math.max(maxAbs, Math.abs(v));
                if (v != 0) {
                    minAbs = Math.min(minAbs, Math.abs(v));
                }
            }
        }
        boolean scientific = maxAbs >= 1e8 || (!integral && minAbs < 1e-4);
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                out[i] = "nan";
            } else if (Double.isInfinite(v)) {
                out[i] = v > 0 ? "inf" : "-inf";
            } else if (scientific) {
                out[i] = String.format(Locale.ROOT, "%.4e", v);
            } else if (integral) {
                out[i] = String.format(Locale.ROOT, "%.0f.", v);
            } else {
                out[i] = String.format(Locale.ROOT, "%.4f", v);
            }
        }
        return out;
    }
}
