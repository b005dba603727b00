package dev.tessera.onnx;

import com.google.protobuf.ByteString;
import dev.tessera.Tensor;
import dev.tessera.onnx.proto.Onnx.AttributeProto;
import dev.tessera.onnx.proto.Onnx.GraphProto;
import dev.tessera.onnx.proto.Onnx.NodeProto;
import dev.tessera.onnx.proto.Onnx.TensorProto;
import dev.tessera.onnx.proto.Onnx.TensorShapeProto;
import dev.tessera.onnx.proto.Onnx.TypeProto;
import dev.tessera.onnx.proto.Onnx.ValueInfoProto;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds one ONNX graph: nodes appended in execution order, constant tensors as initializers, every value name
 * unique. Names are derived from the module path ({@code 0.weight}, {@code 1.block.0/Gemm}), so the graph reads like
 * the model. Values are FLOAT (32-bit) but for INT32 index inputs (see {@link Value#indices()}).
 */
final class GraphBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();

    /** A builder whose graph is called {@code name}. */
    GraphBuilder(String name) {
        graph.setName(name);
    }

    /** {@code hint} if unused, else {@code hint_1}, {@code hint_2}, ...; the result is reserved. */
    String fresh(String hint) {
        String name = hint.isEmpty() ? "value" : hint;
        for (int i = 1; !names.add(name); i++) {
            name = hint + "_" + i;
        }
        return name;
    }

    /** Adds the values of {@code t} (converted to FLOAT, any device) as an initializer; returns its name. */
    String initializer(String hint, Tensor t) {
        int[] d = t.shape().dims();
        long[] dims = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            dims[i] = d[i];
        }
        return floats(hint, t.toFloatArray(), dims);
    }

    /** Adds a FLOAT initializer of shape {@code dims} (empty: a scalar) holding {@code values}; returns its name. */
    String floats(String hint, float[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(fresh(hint))
                .setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        graph.addInitializer(t);
        return t.getName();
    }

    /** Adds an INT64 initializer of shape {@code [values.length]}; returns its name. */
    String int64s(String hint, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(fresh(hint))
                .setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return t.getName();
    }

    /** Adds a scalar FLOAT constant; returns its name. */
    String scalar(String hint, double value) {
        return floats(hint, new float[]{(float) value});
    }

    /**
     * Appends the node {@code opType(inputs...)} with {@code attributes}, named {@code path/opType}; returns the
     * name of its one output.
     */
    String node(String opType, String path, List<String> inputs, AttributeProto... attributes) {
        String prefix = path.isEmpty() ? opType : path + "/" + opType;
        String output = fresh(prefix + ":0");
        graph.addNode(NodeProto.newBuilder().setOpType(opType).setName(fresh(prefix)).addAllInput(inputs)
                .addOutput(output).addAllAttribute(List.of(attributes)));
        return output;
    }

    /**
     * Appends {@code Reshape(x)} to the shape {@code dims} (as many elements); the one symbolic axis
     * ({@link Value#BATCH}, N or a multiple of it) is written as -1, inferred from the element count.
     */
    Value reshape(String path, Value x, long... dims) {
        long[] target = dims.clone();
        String shape = int64s(child(path, "shape"), target);
        return new Value(node("Reshape", path, List.of(x.name(), shape)), dims, x.indices());
    }

    /** Appends {@code Transpose(x, perm)}: output axis i is input axis {@code perm[i]}. */
    Value transpose(String path, Value x, int... perm) {
        long[] in = x.dims();
        long[] out = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = in[perm[i]];
        }
        return new Value(node("Transpose", path, List.of(x.name()), attribute("perm", perm)), out, x.indices());
    }

    /** The name of {@code name} inside the module at {@code path} ({@code ""} for the root): {@code path.name}. */
    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** A FLOAT attribute. */
    static AttributeProto attribute(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build();
    }

    /** An INT attribute. */
    static AttributeProto attribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value)
                .build();
    }

    /** An INTS attribute. */
    static AttributeProto attribute(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** An INTS attribute from int values. */
    static AttributeProto attribute(String name, int[] values) {
        return attribute(name, Arrays.stream(values).asLongStream().toArray());
    }

    /** A STRING attribute. */
    static AttributeProto attribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** A STRINGS attribute. */
    static AttributeProto attribute(String name, String... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(ByteString.copyFromUtf8(v));
        }
        return a.build();
    }

    /** Declares {@code v} a graph input. */
    void input(Value v) {
        names.add(v.name());
        graph.addInput(info(v));
    }

    /**
     * Declares {@code v} the graph output named {@code name}: the node that computes {@code v} is renamed to write
     * it, or an Identity node copies it there when no node computes it (a model that returns its input).
     */
    void output(Value v, String name) {
        int last = graph.getNodeCount() - 1;
        if (last >= 0 && graph.getNode(last).getOutput(0).equals(v.name()) && names.add(name)) {
            graph.getNodeBuilder(last).setOutput(0, name);
        } else {
            names.add(name);
            graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(fresh("output/Identity"))
                    .addInput(v.name()).addOutput(name));
        }
        graph.addOutput(info(v.named(name)));
    }

    private static ValueInfoProto info(Value v) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : v.dims()) {
            shape.addDim(d == Value.BATCH ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(v.name()).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(v.indices() ? TensorProto.DataType.INT32_VALUE
                        : TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** The graph. */
    GraphProto build() {
        return graph.build();
    }
}
