package dev.tessera.onnx;

import static dev.tessera.onnx.OrtCheck.assertAgrees;
import static dev.tessera.onnx.OrtCheck.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.nn.GRU;
import dev.tessera.nn.LSTM;
import dev.tessera.nn.Module;
import dev.tessera.nn.RNN;
import dev.tessera.nn.RecurrentOptions;
import dev.tessera.nn.TensorOptions;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RNN, LSTM and GRU (gate orders, biases, layers, directions, layouts) run in ONNX Runtime and agree with Tessera's
 * forward pass.
 */
class RecurrentNodesTest {
    private static final int IN = 4;
    private static final int HIDDEN = 5;

    static Stream<Function<RecurrentOptions, Module>> kinds() {
        return Stream.of(RNN::new, LSTM::new, GRU::new);
    }

    static Stream<RecurrentOptions> configurations() {
        return Stream.of(options(1), options(2).numLayers(2), options(3).bidirectional(true),
                options(4).numLayers(2).bidirectional(true).batchFirst(true).dropout(0.3), options(5).bias(false),
                options(6).batchFirst(true));
    }

    static Stream<Module> layers() {
        return kinds().flatMap(kind -> configurations().map(kind));
    }

    @ParameterizedTest
    @MethodSource("layers")
    void everyKindLayerCountDirectionAndLayout(Module layer) throws Exception {
        assertAgrees(layer, input(20, 7, 3, IN).mul(1.5));
    }

    @Test
    void reluRnnAndUnbatchedSequences() throws Exception {
        assertAgrees(new RNN(options(7).relu(true).bidirectional(true)), input(21, 6, 3, IN));
        assertAgrees(new LSTM(options(8).numLayers(2).bidirectional(true)), input(22, 6, IN));
        assertAgrees(new GRU(options(9)), input(23, 6, IN));
    }

    @Test
    void oneNodePerLayerWithOnnxGateOrderAttributes() {
        List<String> ops = ConvNodesTest.opTypes(OnnxExporter.toModel(new GRU(options(10).numLayers(3)), 2, IN));
        assertEquals(3, ops.stream().filter("GRU"::equals).count(), ops.toString());
    }

    @Test
    void aWrongFeatureCountIsRefusedNamingTheLayout() {
        UnsupportedModuleException e = assertThrows(UnsupportedModuleException.class,
                () -> OnnxExporter.toModel(new LSTM(options(11).batchFirst(true)), 6, 3));
        assertTrue(e.getMessage().contains(LSTM.class.getName())
                && e.getMessage().endsWith("expected input [B, T, 4] or [T, 4], got [N, 6, 3]"), e.getMessage());
    }

    private static RecurrentOptions options(long seed) {
        return RecurrentOptions.of(IN, HIDDEN).options(new TensorOptions(Device.defaultDevice(), DType.FLOAT32,
                new Generator(seed)));
    }
}
