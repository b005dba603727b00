package dev.tessera.onnx;

import static dev.tessera.onnx.GraphBuilder.attribute;

import dev.tessera.Tensor;
import dev.tessera.nn.BatchNorm1d;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.Flatten;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.PReLU;
import dev.tessera.nn.Residual;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.Softmax;
import dev.tessera.nn.Swish;
import dev.tessera.nn.UnaryActivation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Translates a module tree into graph nodes, module by module, with the semantics of evaluation mode:
 * <ul>
 * <li>{@link Sequential}: its layers in turn; {@link Residual}: {@code Add(block(x), skip(x))}, the skip being
 *     x or the projection;</li>
 * <li>{@link Linear}: {@code Gemm(x, W, b, transB=1)} on {@code [N, in]}, {@code MatMul(x, W^T) + b} on higher
 *     ranks;</li>
 * <li>{@link UnaryActivation} of this library: see {@link ActivationNodes}; {@link PReLU}: {@code PRelu} with the
 *     slopes shaped {@code [C, 1, ...]} to broadcast over axis 1; {@link Swish}: {@code x Sigmoid(beta x)} with its
 *     (learned) beta; {@link Softmax}: {@code Softmax(axis)};</li>
 * <li>{@link BatchNorm1d}: {@code BatchNormalization} with the running statistics (gamma 1 and beta 0 when not
 *     affine); a layer without running statistics normalizes by batch statistics even in evaluation, which has no
 *     opset-17 inference form, and is refused;</li>
 * <li>{@link Dropout}: the identity (no node); {@link Flatten}: {@code Reshape} to the merged shape.</li>
 * </ul>
 * Only these exact classes are translated: a subclass may override {@code forward}, so it is refused like any other
 * module, with an {@link UnsupportedModuleException}.
 */
final class ModuleTranslator {
    private final GraphBuilder g;

    /** A translator appending to {@code g}. */
    ModuleTranslator(GraphBuilder g) {
        this.g = g;
    }

    /**
     * Appends the nodes of {@code m} (at {@code path} in the model) applied to {@code x}; returns the output.
     *
     * @throws UnsupportedModuleException for a module without translation, or an input it does not accept
     */
    Value translate(Module m, String path, Value x) {
        Class<?> type = m.getClass();
        if (type == Sequential.class) {
            Value v = x;
            List<Module> layers = ((Sequential) m).layers();
            for (int i = 0; i < layers.size(); i++) {
                v = translate(layers.get(i), child(path, Integer.toString(i)), v);
            }
            return v;
        }
        if (type == Residual.class) {
            return residual(m, path, x);
        }
        if (type == Linear.class) {
            return linear((Linear) m, path, x);
        }
        if (m instanceof UnaryActivation a && type.getPackage() == UnaryActivation.class.getPackage()) {
            return new Value(ActivationNodes.emit(g, path, a.activation().primitive(), a.activation().parameter(), x.name()), x.dims());
        }
        if (type == PReLU.class) {
            return prelu((PReLU) m, path, x);
        }
        if (type == Swish.class) {
            Swish s = (Swish) m;
            String beta = s.learnable() ? g.initializer(child(path, "beta"), m.namedParameters().get("beta"))
                    : g.scalar(child(path, "beta"), s.beta());
            return new Value(ActivationNodes.swish(g, path, x.name(), beta), x.dims());
        }
        if (type == Softmax.class) {
            int axis = axis(((Softmax) m).axis(), x, type, path);
            return new Value(g.node("Softmax", path, List.of(x.name()), attribute("axis", (long) axis)), x.dims());
        }
        if (type == BatchNorm1d.class) {
            return batchNorm((BatchNorm1d) m, path, x);
        }
        if (type == Dropout.class) {
            return x;
        }
        if (type == Flatten.class) {
            return flatten((Flatten) m, path, x);
        }
        throw new UnsupportedModuleException(type, path, "no translation (supported: Sequential, Residual, Linear, "
                + "the activations of dev.tessera.nn, PReLU, Swish, Softmax, BatchNorm1d, Dropout, Flatten)");
    }

    private Value residual(Module m, String path, Value x) {
        Value out = translate(m.children().get("block"), child(path, "block"), x);
        Module projection = m.children().get("projection");
        Value skip = projection == null ? x : translate(projection, child(path, "projection"), x);
        if (!Arrays.equals(out.dims(), skip.dims())) {
            throw new UnsupportedModuleException(m.getClass(), path, "block output " + out.shapeText()
                    + " does not match the skip " + skip.shapeText());
        }
        return new Value(g.node("Add", path, List.of(out.name(), skip.name())), out.dims());
    }

    private Value linear(Linear l, String path, Value x) {
        if (x.rank() < 2 || x.last() != l.inFeatures()) {
            throw new UnsupportedModuleException(Linear.class, path, "expected input [..., " + l.inFeatures()
                    + "], got " + x.shapeText());
        }
        long[] dims = x.dims();
        dims[dims.length - 1] = l.outFeatures();
        if (x.rank() == 2) {
            List<String> inputs = new ArrayList<>(List.of(x.name(), g.initializer(child(path, "weight"), l.weight())));
            if (l.bias() != null) {
                inputs.add(g.initializer(child(path, "bias"), l.bias()));
            }
            return new Value(g.node("Gemm", path, inputs, attribute("transB", 1L)), dims);
        }
        String wt = g.initializer(child(path, "weight_t"), l.weight().t().contiguous());
        String bias = l.bias() == null ? null : g.initializer(child(path, "bias"), l.bias());
        String y = g.node("MatMul", path, List.of(x.name(), wt));
        return new Value(bias == null ? y : g.node("Add", path, List.of(y, bias)), dims);
    }

    private Value prelu(PReLU p, String path, Value x) {
        Tensor w = p.weight();
        int c = Math.toIntExact(w.shape().numel());
        if (c > 1 && (x.rank() < 2 || x.dims()[1] != c)) {
            throw new UnsupportedModuleException(PReLU.class, path, "input " + x.shapeText() + " has no channel axis "
                    + "of size " + c + " (expected [N, " + c + ", ...])");
        }
        long[] slopeDims = new long[c > 1 ? x.rank() - 1 : 1];
        Arrays.fill(slopeDims, 1);
        slopeDims[0] = c;
        String slope = g.floats(child(path, "weight"), w.toFloatArray(), slopeDims);
        return new Value(g.node("PRelu", path, List.of(x.name(), slope)), x.dims());
    }

    private Value batchNorm(BatchNorm1d bn, String path, Value x) {
        if (bn.runningMean() == null) {
            throw new UnsupportedModuleException(BatchNorm1d.class, path, "without running statistics it normalizes "
                    + "by the statistics of each batch even in evaluation mode, which has no inference form");
        }
        int c = Math.toIntExact(bn.runningMean().shape().numel());
        if ((x.rank() != 2 && x.rank() != 3) || x.dims()[1] != c) {
            throw new UnsupportedModuleException(BatchNorm1d.class, path, "expected input [N, " + c + "] or [N, " + c
                    + ", L], got " + x.shapeText());
        }
        float[] ones = new float[c];
        Arrays.fill(ones, 1f);
        String scale = bn.weight() == null ? g.floats(child(path, "weight"), ones, c)
                : g.initializer(child(path, "weight"), bn.weight());
        String shift = bn.bias() == null ? g.floats(child(path, "bias"), new float[c], c)
                : g.initializer(child(path, "bias"), bn.bias());
        String mean = g.initializer(child(path, "running_mean"), bn.runningMean());
        String var = g.initializer(child(path, "running_var"), bn.runningVar());
        return new Value(g.node("BatchNormalization", path, List.of(x.name(), scale, shift, mean, var),
                attribute("epsilon", bn.eps())), x.dims());
    }

    private Value flatten(Flatten f, String path, Value x) {
        int start = axis(f.start(), x, Flatten.class, path);
        int end = axis(f.end(), x, Flatten.class, path);
        if (start > end) {
            throw new UnsupportedModuleException(Flatten.class, path, "start axis " + f.start() + " comes after end "
                    + "axis " + f.end() + " for input " + x.shapeText());
        }
        List<Long> out = new ArrayList<>();
        List<Long> target = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (i < start || i > end) {
                out.add(x.dims()[i]);
                target.add(x.dims()[i] == Value.BATCH ? 0L : x.dims()[i]);
            } else if (i == start) {
                long merged = 1;
                for (int j = start; j <= end; j++) {
                    merged = x.dims()[j] == Value.BATCH || merged == Value.BATCH ? Value.BATCH : merged * x.dims()[j];
                }
                out.add(merged);
                target.add(merged == Value.BATCH ? -1L : merged);
            }
        }
        String shape = g.int64s(child(path, "shape"), target.stream().mapToLong(Long::longValue).toArray());
        return new Value(g.node("Reshape", path, List.of(x.name(), shape)),
                out.stream().mapToLong(Long::longValue).toArray());
    }

    private static int axis(int axis, Value x, Class<?> type, String path) {
        int a = axis < 0 ? axis + x.rank() : axis;
        if (a < 0 || a >= x.rank()) {
            throw new UnsupportedModuleException(type, path, "axis " + axis + " is out of range for input "
                    + x.shapeText());
        }
        return a;
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
