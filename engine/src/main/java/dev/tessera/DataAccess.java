package dev.tessera;

import dev.tessera.backend.Buffer;
import java.lang.reflect.Array;

/** Moving data between tensors and Java arrays or other devices. */
final class DataAccess {
    private DataAccess() {
    }

    /** Reads the dense contents of {@code t} as an array of its own dtype, for {@code op} (named in errors). */
    private static Object readDense(Tensor t, String op) {
        t.checkOpen(op);
        t.device().checkHostRead(op);
        int n = Sizes.arrayLength(op, t.numel());
        Tensor d = t.denseAtZero();
        try {
            Buffer b = d.buffer();
            Object out = switch (t.dtype()) {
                case FLOAT32 -> new float[n];
                case FLOAT64 -> new double[n];
                case INT32 -> new int[n];
            };
            if (n > 0) {
                t.backend().read(b, 0, out, 0, n);
            }
            return out;
        } finally {
            if (d != t) {
                d.close();
            }
        }
    }

    static float[] toFloatArray(Tensor t) {
        Object a = readDense(t, "toFloatArray");
        if (a instanceof float[] f) {
            return f;
        }
        float[] out = new float[Array.getLength(a)];
        if (a instanceof double[] d) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) d[i];
            }
        } else {
            int[] v = (int[]) a;
            for (int i = 0; i < out.length; i++) {
                out[i] = v[i];
            }
        }
        return out;
    }

    static double[] toDoubleArray(Tensor t) {
        Object a = readDense(t, "toDoubleArray");
        if (a instanceof double[] d) {
            return d;
        }
        double[] out = new double[Array.getLength(a)];
        if (a instanceof float[] f) {
            for (int i = 0; i < out.length; i++) {
                out[i] = f[i];
            }
        } else {
            int[] v = (int[]) a;
            for (int i = 0; i < out.length; i++) {
                out[i] = v[i];
            }
        }
        return out;
    }

    static int[] toIntArray(Tensor t) {
        Object a = readDense(t, "toIntArray");
        if (a instanceof int[] v) {
            return v;
        }
        int[] out = new int[Array.getLength(a)];
        if (a instanceof float[] f) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (int) f[i];
            }
        } else {
            double[] d = (double[]) a;
            for (int i = 0; i < out.length; i++) {
                out[i] = (int) d[i];
            }
        }
        return out;
    }

    /** The element at storage position {@code pos}, widened to double, for {@code op} (named in errors). */
    static double element(Tensor t, long pos, String op) {
        t.device().checkHostRead(op);
        Buffer b = t.buffer();
        return switch (t.dtype()) {
            case FLOAT32 -> {
                float[] f = new float[1];
                t.backend().read(b, pos, f, 0, 1);
                yield f[0];
            }
            case FLOAT64 -> {
                double[] d = new double[1];
                t.backend().read(b, pos, d, 0, 1);
                yield d[0];
            }
            case INT32 -> {
                int[] v = new int[1];
                t.backend().read(b, pos, v, 0, 1);
                yield v[0];
            }
        };
    }

    /** Up to the first {@code k} elements in row-major order. */
    static double[] head(Tensor t, int k) {
        try (Scope s = Scope.open()) {
            Tensor flat = t.flatten();
            int n = (int) Math.min(k, t.numel());
            return flat.slice(0, 0, n).toDoubleArray();
        }
    }

    static Tensor toDevice(Tensor t, Device target) {
        t.checkOpen("to");
        if (t.device() == target) {
            return t;
        }
        Object data = readDense(t, "to");
        Tensor out = Creation.fromArray(target, t.dtype(), data, Array.getLength(data), t.shape());
        if (GraphNode.needed(t)) {
            Device source = t.device();
            GraphNode.record(out, "to", new Tensor[]{t}, new Tensor[0],
                    (g, needs) -> new Tensor[]{Derivatives.toDevice(source, g)});
        }
        return out;
    }
}
