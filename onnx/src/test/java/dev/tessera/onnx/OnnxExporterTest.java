package dev.tessera.onnx;

import static dev.tessera.onnx.OrtCheck.assertAgrees;
import static dev.tessera.onnx.OrtCheck.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Activation;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.autograd.GradMode;
import dev.tessera.nn.BatchNorm1d;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.ELU;
import dev.tessera.nn.Embedding;
import dev.tessera.nn.Flatten;
import dev.tessera.nn.GELU;
import dev.tessera.nn.LSTM;
import dev.tessera.nn.LeakyReLU;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Mish;
import dev.tessera.nn.Module;
import dev.tessera.nn.PReLU;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.RecurrentOptions;
import dev.tessera.nn.Residual;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.SiLU;
import dev.tessera.nn.Sigmoid;
import dev.tessera.nn.Softmax;
import dev.tessera.nn.Swish;
import dev.tessera.nn.Tanh;
import dev.tessera.nn.TensorOptions;
import dev.tessera.nn.UnaryActivation;
import dev.tessera.nn.Unflatten;
import dev.tessera.onnx.proto.Onnx.ModelProto;
import dev.tessera.onnx.proto.Onnx.TensorProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every exported layer type runs in ONNX Runtime and agrees with Tessera's forward pass. */
class OnnxExporterTest {
    private static final TensorOptions OPTIONS = new TensorOptions(Device.defaultDevice(), DType.FLOAT32, new Generator(7));

    @TempDir
    Path dir;

    @Test
    void linearWithAndWithoutBias() throws Exception {
        assertAgrees(new Linear(6, 4, true, OPTIONS), input(1, 5, 6));
        assertAgrees(new Linear(6, 4, false, OPTIONS), input(2, 5, 6));
    }

    @Test
    void linearOnRank3InputUsesMatMul() throws Exception {
        assertAgrees(new Linear(6, 3, true, OPTIONS), input(3, 2, 4, 6));
    }

    static Stream<Module> activations() {
        Swish swish = new Swish(1.7, true, OPTIONS);
        PReLU prelu = new PReLU(6, 0.25, OPTIONS);
        try (GradMode.Guard g = GradMode.noGrad()) {
            swish.namedParameters().get("beta").fill(-0.6);
            prelu.weight().assign(Tensor.of(new float[]{0.1f, -0.3f, 0.25f, 2f, 0f, 0.7f}, 6));
        }
        return Stream.of(new ReLU(), new LeakyReLU(), new LeakyReLU(0.2), new ELU(), new ELU(0.5), new GELU(false),
                new GELU(true), new Tanh(), new Sigmoid(), new SiLU(), new Mish(), swish,
                new Swish(2.5, false, OPTIONS), prelu, new PReLU(), new Softmax(1), new Softmax(-1));
    }

    @ParameterizedTest
    @MethodSource("activations")
    void everyActivation(Module activation) throws Exception {
        assertAgrees(activation, input(4, 8, 6).mul(3.0));
    }

    static Stream<Activation> everyActivationFunction() {
        return Stream.of(Activation.RELU, Activation.SIGMOID, Activation.TANH, Activation.GELU, Activation.GELU_TANH,
                Activation.SILU, Activation.MISH, Activation.SOFTPLUS, Activation.HARDSWISH, Activation.HARDSIGMOID,
                Activation.LOGSIGMOID, Activation.leakyRelu(0.3), Activation.elu(0.3), Activation.swish(0.3),
                Activation.softplus(4));
    }

    @ParameterizedTest
    @MethodSource("everyActivationFunction")
    void everyActivationFunctionOfTheEngine(Activation activation) throws Exception {
        assertAgrees(new UnaryActivation(activation), input(5, 8, 6).mul(3.0));
    }

    @Test
    void batchNormInEvaluationModeUsesTheRunningStatistics() throws Exception {
        BatchNorm1d affine = new BatchNorm1d(6, 1e-3, 0.5, true, true, OPTIONS);
        BatchNorm1d plain = new BatchNorm1d(6, 1e-5, 0.1, false, true, OPTIONS);
        try (Scope s = Scope.open()) {
            for (int i = 0; i < 3; i++) {
                affine.forward(input(10 + i, 16, 6).mul(2.0).add(1.0));
                plain.forward(input(20 + i, 16, 6).sub(3.0));
            }
            try (GradMode.Guard g = GradMode.noGrad()) {
                affine.weight().assign(input(30, 6));
                affine.bias().assign(input(31, 6));
            }
        }
        assertAgrees(affine, input(40, 9, 6));
        assertAgrees(plain, input(41, 9, 6));
        assertAgrees(affine, input(42, 3, 6, 5));
    }

    @Test
    void dropoutIsTheIdentityEvenInTrainingMode() throws Exception {
        Sequential net = new Sequential(new Linear(6, 5, true, OPTIONS), new Dropout(0.5, new Generator(3)));
        net.train();
        ModelProto model = OnnxExporter.toModel(net, 6);
        assertEquals(List.of("Gemm"), model.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList());
        assertAgrees(net, input(6, 4, 6));
        assertTrue(net.isTraining(), "the export leaves the mode as it was");
        assertAgrees(new Dropout(0.3, new Generator(1)), input(7, 4, 6));
    }

    @Test
    void residualWithIdentityAndProjectedSkips() throws Exception {
        assertAgrees(new Residual(new Sequential(new Linear(6, 6, true, OPTIONS), new Tanh())), input(8, 5, 6));
        Module block = new Sequential(new Linear(6, 9, true, OPTIONS), new ReLU());
        assertAgrees(Residual.projected(block, 6, 9, OPTIONS), input(9, 5, 6));
    }

    @Test
    void flattenMergesTheGivenAxes() throws Exception {
        assertAgrees(new Sequential(new Flatten(), new Linear(24, 5, true, OPTIONS)), input(10, 3, 2, 3, 4));
        assertAgrees(new Sequential(new Flatten(2, 3), new Linear(12, 5, true, OPTIONS)), input(11, 3, 2, 3, 4));
        assertAgrees(new Flatten(0, 1), input(12, 3, 2, 4));
    }

    @Test
    void unflattenSplitsAFixedAxis() throws Exception {
        assertAgrees(new Unflatten(1, 2, 3), input(15, 4, 6));
        assertAgrees(new Sequential(new Flatten(), new Unflatten(-1, 3, 2, 2)), input(16, 2, 3, 4));
        UnsupportedModuleException e = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(new Unflatten(0, 2, 2), 3));
        assertTrue(e.getMessage().endsWith("axis 0 of [N, 3] cannot be split into [2, 2] (it is the variable axis N)"),
                e.getMessage());
    }

    @Test
    void anEmbeddingReadsInt32IndicesThroughGather() throws Exception {
        Embedding table = new Embedding(10, 4, 0, OPTIONS);
        Tensor indices = Tensor.of(new int[]{3, 0, 9, 1, 1, 5}, 2, 3);
        assertAgrees(table, indices);
        ModelProto model = OnnxExporter.toModel(table, 3);
        assertEquals(TensorProto.DataType.INT32_VALUE,
                model.getGraph().getInput(0).getType().getTensorType().getElemType());
        Sequential lm = new Sequential(table, new LSTM(RecurrentOptions.of(4, 6).batchFirst(true).options(OPTIONS)),
                new Linear(6, 10, true, OPTIONS));
        assertAgrees(lm, indices);
    }

    @Test
    void indicesReachOnlyAnEmbeddingAndAnEmbeddingOnlyIndices() {
        UnsupportedModuleException late = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(new Sequential(new Linear(3, 3, true, OPTIONS), new Embedding(4, 2)), 3));
        assertTrue(late.getMessage().endsWith("expected the INT32 indices of the graph input, got FLOAT [N, 3] (an "
                + "Embedding must come first)"), late.getMessage());
        UnsupportedModuleException scaled = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(new Sequential(new Embedding(4, 2), new Dropout(0.1, new Generator(1)),
                        new Embedding(4, 2)), 3));
        assertTrue(scaled.getMessage().contains("at '2'"), scaled.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OnnxExporter.toModel(new Embedding(4, 2),
                new InputScaling(new float[3], new float[3]), Map.of(), 3));
    }

    @Test
    void aTrainedStyleMlpWithEveryLayerKind() throws Exception {
        Sequential net = new Sequential(
                Residual.projected(new Sequential(new Linear(8, 12, true, OPTIONS),
                        new BatchNorm1d(12, 1e-5, 0.1, true, true, OPTIONS), new PReLU(12, 0.25, OPTIONS),
                        new Dropout(0.2, new Generator(2))), 8, 12, OPTIONS),
                Residual.projected(new Sequential(new Linear(12, 12, true, OPTIONS),
                        new BatchNorm1d(12, 1e-5, 0.1, true, true, OPTIONS), new Swish(1.0, true, OPTIONS)),
                        12, 12, OPTIONS),
                new Linear(12, 4, true, OPTIONS), new Softmax(1));
        try (Scope s = Scope.open()) {
            net.train();
            net.forward(input(50, 32, 8));
        }
        assertAgrees(net, input(51, 7, 8));
    }

    @Test
    void namesInitializersByStateDictKeysAndDeclaresOpset17() throws Exception {
        Sequential net = new Sequential(new Linear(4, 3, true, OPTIONS), new ReLU(), new Linear(3, 2, true, OPTIONS));
        ModelProto model = OnnxExporter.toModel(net, 4);
        assertEquals(OnnxExporter.IR_VERSION, model.getIrVersion());
        assertEquals(17, model.getOpsetImport(0).getVersion());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"),
                model.getGraph().getInitializerList().stream().map(t -> t.getName()).toList());
        assertEquals("N", model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        Path file = dir.resolve("sub/model.onnx");
        OnnxExporter.write(net, file, 4);
        assertEquals(ModelProto.parseFrom(Files.readAllBytes(file)), model);
    }

    @Test
    void anInputScalingRunsBeforeTheModuleAndMetadataIsKept() throws Exception {
        Linear linear = new Linear(3, 2, true, OPTIONS);
        float[] scale = {2f, 0.5f, -1f};
        float[] shift = {1f, 0f, 3f};
        ModelProto model = OnnxExporter.toModel(linear, new InputScaling(scale, shift), Map.of("labels", "a,b"), 3);
        assertEquals("labels", model.getMetadataProps(0).getKey());
        assertEquals("a,b", model.getMetadataProps(0).getValue());
        Tensor x = input(14, 4, 3);
        float[] expected;
        try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
            expected = linear.forward(x.mul(Tensor.of(scale, 3)).add(Tensor.of(shift, 3))).toFloatArray();
        }
        float[] actual = OrtCheck.run(model.toByteArray(), x);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], OrtCheck.TOLERANCE * Math.max(1, Math.abs(expected[i])));
        }
        assertThrows(IllegalArgumentException.class,
                () -> OnnxExporter.toModel(linear, new InputScaling(scale, shift), Map.of(), 4));
        assertThrows(IllegalArgumentException.class, () -> new InputScaling(scale, new float[2]));
    }

    @Test
    void aModelThatReturnsItsInputStillHasAnOutput() throws Exception {
        assertAgrees(new Sequential(), input(13, 2, 3));
    }

    @Test
    void aModuleWithoutTranslationIsRefusedNamingItsTypeAndTheOpset() {
        Module custom = new Module() {
            @Override
            public Tensor forward(Tensor input) {
                return input.mul(2.0);
            }
        };
        Sequential net = new Sequential(new Linear(4, 3, true, OPTIONS), custom);
        UnsupportedModuleException e = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(net, 4));
        assertTrue(e.getMessage().startsWith("ONNX export (opset 17): cannot express module "
                + custom.getClass().getName() + " at '1': no translation"), e.getMessage());
    }

    @Test
    void batchNormWithoutRunningStatisticsAndBadShapesAreRefused() {
        BatchNorm1d batchStats = new BatchNorm1d(4, 1e-5, 0.1, true, false, OPTIONS);
        UnsupportedModuleException e = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(batchStats, 4));
        assertTrue(e.getMessage().contains(BatchNorm1d.class.getName()) && e.getMessage().contains("opset 17"),
                e.getMessage());
        UnsupportedModuleException shape = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(new Linear(4, 3, true, OPTIONS), 5));
        assertTrue(shape.getMessage().endsWith("expected input [..., 4], got [N, 5]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OnnxExporter.toModel(new ReLU(), 0));
    }
}
