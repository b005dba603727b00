package dev.tessera.onnx;

import dev.tessera.Scope;
import dev.tessera.autograd.GradMode;
import dev.tessera.nn.Module;
import dev.tessera.onnx.proto.Onnx.ModelProto;
import dev.tessera.onnx.proto.Onnx.OperatorSetIdProto;
import dev.tessera.onnx.proto.Onnx.StringStringEntryProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Exports a {@link Module} as an ONNX model (IR version {@value #IR_VERSION}, default operator set version
 * {@value #OPSET}) that computes the module's forward pass in evaluation mode: dropout is the identity and batch
 * normalization uses its running statistics, whatever mode the module is in (it is not changed).
 *
 * <p>The graph has one input {@code input} of shape {@code [N, featureShape...]}, N symbolic, and one output
 * {@code output}, both FLOAT (32-bit), except that a model starting with an {@code Embedding} takes INT32 indices;
 * N is the model's leading axis, whatever it means (the time axis of a time-first recurrent layer); an optional
 * {@link InputScaling} (a fitted normalizer) runs first; the parameters and buffers are initializers named by their
 * state-dict keys (converted to FLOAT). {@link ModuleTranslator} lists the modules it translates and how; any other
 * module makes the export fail with an {@link UnsupportedModuleException} naming its type and the opset.
 *
 * <p>Example: {@code OnnxExporter.write(model, Path.of("model.onnx"), 784)}, then in Python
 * {@code onnxruntime.InferenceSession("model.onnx").run(None, {"input": x})}.
 */
public final class OnnxExporter {
    /** The default-domain operator set version the graph is written for. */
    public static final int OPSET = 17;
    /** The ONNX IR version (8 is the one that introduced opset 17). */
    public static final int IR_VERSION = 8;
    /** The name of the graph input. */
    public static final String INPUT = "input";
    /** The name of the graph output. */
    public static final String OUTPUT = "output";

    private OnnxExporter() {
    }

    /**
     * The ONNX model of {@code module} for inputs {@code [N, featureShape...]}.
     *
     * @throws UnsupportedModuleException naming the module type and the opset, for a module ONNX cannot express
     *                                    here, or an input shape a module does not accept
     * @throws IllegalArgumentException   when a feature size is not positive
     */
    public static ModelProto toModel(Module module, int... featureShape) {
        return toModel(module, null, Map.of(), featureShape);
    }

    /**
     * The ONNX model of {@code scaling} (if not null) followed by {@code module}, for inputs
     * {@code [N, featureShape...]}, with {@code metadata} as the model's metadata properties (in map order).
     *
     * @throws UnsupportedModuleException naming the module type and the opset, for a module ONNX cannot express
     *                                    here, or an input shape a module does not accept
     * @throws IllegalArgumentException   when a feature size is not positive or the scaling has another length than
     *                                    the feature count
     */
    public static ModelProto toModel(Module module, InputScaling scaling, Map<String, String> metadata,
                                     int... featureShape) {
        return toModel(module, scaling, metadata, false, featureShape);
    }

    /**
     * As {@link #toModel(Module, InputScaling, Map, int...)}, with every self-attention ({@code MultiheadAttention},
     * {@code TransformerEncoderLayer}) causal when {@code causalAttention}: each query attends only to itself and
     * the keys before it, as their {@code forward} with {@code causal = true} computes (a language model's
     * decoder-only stack). The mask is a constant, so the sequence axis must have a fixed size.
     *
     * @throws UnsupportedModuleException naming the module type and the opset, for a module ONNX cannot express
     *                                    here, or an input shape a module does not accept
     * @throws IllegalArgumentException   when a feature size is not positive, or the scaling has another length than
     *                                    the feature count or is given for an index input
     */
    public static ModelProto toModel(Module module, InputScaling scaling, Map<String, String> metadata,
                                     boolean causalAttention, int... featureShape) {
        long[] dims = new long[featureShape.length + 1];
        dims[0] = Value.BATCH;
        long features = 1;
        for (int i = 0; i < featureShape.length; i++) {
            if (featureShape[i] <= 0) {
                throw new IllegalArgumentException("OnnxExporter: feature sizes must be positive, got "
                        + Arrays.toString(featureShape));
            }
            dims[i + 1] = featureShape[i];
            features *= featureShape[i];
        }
        GraphBuilder g = new GraphBuilder("tessera");
        Value input = new Value(INPUT, dims, ModuleTranslator.readsIndices(module));
        g.input(input);
        Value x = input;
        if (scaling != null) {
            if (input.indices()) {
                throw new IllegalArgumentException("OnnxExporter: an input scaling cannot apply to the INT32 indices "
                        + "an Embedding reads");
            }
            if (scaling.scale().length != features) {
                throw new IllegalArgumentException("OnnxExporter: the input scaling has " + scaling.scale().length
                        + " features but the feature shape " + Arrays.toString(featureShape) + " has " + features);
            }
            long[] shape = Arrays.copyOfRange(dims, 1, dims.length);
            String scaled = g.node("Mul", INPUT, List.of(x.name(), g.floats(INPUT + ".scale", scaling.scale(), shape)));
            x = new Value(g.node("Add", INPUT, List.of(scaled, g.floats(INPUT + ".shift", scaling.shift(), shape))),
                    dims);
        }
        Value out;
        try (GradMode.Guard guard = GradMode.noGrad(); Scope scope = Scope.open()) {
            out = new ModuleTranslator(g, causalAttention).translate(module, "", x);
        }
        g.output(out, OUTPUT);
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("Tessera")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g.build());
        metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    /** The serialized ONNX model of {@code module} (see {@link #toModel}). */
    public static byte[] toBytes(Module module, int... featureShape) {
        return toModel(module, featureShape).toByteArray();
    }

    /** Writes the ONNX model of {@code module} (see {@link #toModel}) to {@code file}, creating its folder. */
    public static void write(Module module, Path file, int... featureShape) throws IOException {
        write(toModel(module, featureShape), file);
    }

    /** Writes {@code model} to {@code file}, creating its folder. */
    public static void write(ModelProto model, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, model.toByteArray());
    }
}
