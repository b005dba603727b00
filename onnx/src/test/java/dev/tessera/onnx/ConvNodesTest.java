package dev.tessera.onnx;

import static dev.tessera.onnx.OrtCheck.assertAgrees;
import static dev.tessera.onnx.OrtCheck.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.nn.AdaptiveAvgPool2d;
import dev.tessera.nn.AvgPool2d;
import dev.tessera.nn.BatchNorm2d;
import dev.tessera.nn.Conv1d;
import dev.tessera.nn.Conv2d;
import dev.tessera.nn.ConvSpec;
import dev.tessera.nn.ConvTranspose2d;
import dev.tessera.nn.Flatten;
import dev.tessera.nn.Linear;
import dev.tessera.nn.MaxPool2d;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.onnx.proto.Onnx.ModelProto;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Convolution and pooling layers run in ONNX Runtime and agree with Tessera's forward pass. */
class ConvNodesTest {
    private static final TensorOptions OPTIONS = new TensorOptions(Device.defaultDevice(), DType.FLOAT32,
            new Generator(11));

    static Stream<Conv2d> conv2ds() {
        return Stream.of(ConvSpec.builder(3, 4, 3), ConvSpec.builder(3, 4, 3).stride(2).padding(1),
                ConvSpec.builder(3, 4, new int[]{3, 2}).stride(2, 1).padding(0, 1).dilation(2, 1),
                ConvSpec.builder(4, 6, 3).groups(2).padding(1).bias(false),
                ConvSpec.builder(4, 8, 3).groups(4).padding(1),
                ConvSpec.builder(3, 4, 4).paddingSame(), ConvSpec.builder(3, 4, 3).paddingSame().dilation(2))
                .map(s -> new Conv2d(s.options(OPTIONS)));
    }

    @ParameterizedTest
    @MethodSource("conv2ds")
    void conv2dWithStridePaddingDilationGroupsAndSame(Conv2d conv) throws Exception {
        assertAgrees(conv, input(1, 2, conv.weight().size(1) * conv.spec().groups(), 9, 8));
    }

    static Stream<Conv1d> conv1ds() {
        return Stream.of(ConvSpec.builder(3, 5, 3), ConvSpec.builder(3, 5, 3).stride(2).padding(2).dilation(2),
                ConvSpec.builder(4, 4, 4).groups(4).paddingSame().bias(false)).map(s -> new Conv1d(s.options(OPTIONS)));
    }

    @ParameterizedTest
    @MethodSource("conv1ds")
    void conv1dWithStridePaddingDilationGroupsAndSame(Conv1d conv) throws Exception {
        assertAgrees(conv, input(2, 3, conv.weight().size(1) * conv.spec().groups(), 11));
    }

    static Stream<ConvTranspose2d> transposed() {
        return Stream.of(ConvSpec.builder(3, 4, 3), ConvSpec.builder(3, 4, 3).stride(2).padding(1).outputPadding(1),
                ConvSpec.builder(4, 6, new int[]{2, 3}).stride(2, 3).outputPadding(1, 2).groups(2).bias(false),
                ConvSpec.builder(3, 2, 3).dilation(2).padding(1).stride(2).outputPadding(1))
                .map(s -> new ConvTranspose2d(s.options(OPTIONS)));
    }

    @ParameterizedTest
    @MethodSource("transposed")
    void convTransposeWithStridePaddingOutputPaddingDilationAndGroups(ConvTranspose2d conv) throws Exception {
        assertAgrees(conv, input(3, 2, conv.weight().size(0), 5, 4));
    }

    @Test
    void maxPoolWithStridePaddingAndDilation() throws Exception {
        assertAgrees(new MaxPool2d(2), input(4, 2, 3, 8, 6));
        assertAgrees(new MaxPool2d(new int[]{3}, new int[]{2}, new int[]{1}, new int[]{1}), input(5, 2, 3, 7, 6));
        assertAgrees(new MaxPool2d(new int[]{3, 2}, new int[]{1, 2}, new int[]{1, 0}, new int[]{2, 1}),
                input(6, 2, 3, 7, 6));
    }

    @Test
    void avgPoolCountsThePaddingAsTheLayerDoes() throws Exception {
        assertAgrees(new AvgPool2d(2), input(7, 2, 3, 8, 6));
        assertAgrees(new AvgPool2d(new int[]{3}, new int[]{2}, new int[]{1}, true), input(8, 2, 3, 7, 6));
        assertAgrees(new AvgPool2d(new int[]{3}, new int[]{2}, new int[]{1}, false), input(8, 2, 3, 7, 6));
    }

    @Test
    void adaptiveAvgPoolIsGlobalAveragePoolFor1x1AndTheAveragingMatricesOtherwise() throws Exception {
        AdaptiveAvgPool2d global = new AdaptiveAvgPool2d(1);
        assertAgrees(global, input(9, 2, 3, 5, 4));
        assertEquals(List.of("GlobalAveragePool"), opTypes(OnnxExporter.toModel(global, 3, 5, 4)));
        assertAgrees(new AdaptiveAvgPool2d(3, 2), input(10, 2, 3, 7, 5));
        assertAgrees(new AdaptiveAvgPool2d(4), input(11, 2, 3, 3, 6));
        assertAgrees(new AdaptiveAvgPool2d(2, 3), input(12, 3, 7, 5));
    }

    @Test
    void aSmallCnnWithBatchNormInEvaluationMode() throws Exception {
        Sequential net = new Sequential(new Conv2d(ConvSpec.builder(1, 4, 3).padding(1).options(OPTIONS)),
                new BatchNorm2d(4, 1e-5, 0.1, true, true, OPTIONS), new ReLU(), new MaxPool2d(2),
                new Conv2d(ConvSpec.builder(4, 6, 3).paddingSame().options(OPTIONS)), new ReLU(),
                new AdaptiveAvgPool2d(2), new Flatten(), new Linear(24, 5, true, OPTIONS));
        try (Scope s = Scope.open()) {
            net.train();
            for (int i = 0; i < 3; i++) {
                net.forward(input(20 + i, 8, 1, 10, 10).mul(2.0).add(0.5));
            }
        }
        assertAgrees(net, input(23, 3, 1, 10, 10));
    }

    @Test
    void inputsTheLayersCannotTakeAreRefusedNamingTheLayer() {
        Conv2d conv = new Conv2d(ConvSpec.builder(3, 4, 5).options(OPTIONS));
        UnsupportedModuleException tooSmall = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(conv, 3, 3, 3));
        assertTrue(tooSmall.getMessage().contains(Conv2d.class.getName()) && tooSmall.getMessage()
                .contains("spatial axis 0: Conv2d(3->4): kernel 5 spans 5 elements"), tooSmall.getMessage());
        UnsupportedModuleException channels = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(conv, 2, 8, 8));
        assertTrue(channels.getMessage().endsWith("expected input [N, 3, H, W] with fixed spatial sizes, got "
                + "[N, 2, 8, 8]"), channels.getMessage());
        UnsupportedModuleException unbatched = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(new MaxPool2d(2), 4, 4));
        assertTrue(unbatched.getMessage().contains("the unbatched [C, H, W] form is not exported"),
                unbatched.getMessage());
    }

    static List<String> opTypes(ModelProto model) {
        return model.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList();
    }
}
