package dev.tessera.nn;

import static dev.tessera.conformance.BackendConformanceTest.ATOL;
import static dev.tessera.conformance.BackendConformanceTest.GRAD_ATOL;
import static dev.tessera.conformance.BackendConformanceTest.GRAD_RTOL;
import static dev.tessera.conformance.BackendConformanceTest.RTOL;
import static dev.tessera.conformance.ConformanceData.assertClose;
import static dev.tessera.conformance.ConformanceData.tensor;
import static dev.tessera.conformance.ConformanceData.values;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.conformance.ConformanceData.Domain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every nn layer type, forward and backward in FLOAT32 on the device under test, against the same layer (same
 * seed, so the same initial weights) in FLOAT64 on the reference backend: the output, the gradient of the input and
 * of every parameter of {@code sum(output * probe)} for a fixed random probe, within the backend conformance suite's
 * FLOAT32 tolerances. Each backend module subclasses it; a device that is not present skips with the reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LayerConformanceTest {
    private final Device ref = Device.of("reference");
    private Device device;

    /** The spec of the device under test, e.g. {@code cpu}, {@code opencl:0}. */
    protected abstract String deviceSpec();

    @BeforeEach
    void openDevice() {
        device = DeviceUnderTest.openOrSkip(deviceSpec());
    }

    /**
     * One layer case: how to build the layer from options, its input shape (or, for integer indices, the number of
     * symbols, else 0) and how to run it.
     */
    record Case(String name, Function<TensorOptions, Module> make, int[] input, int symbols,
                BiFunction<Module, Tensor, Tensor> run) {
        Case(String name, Function<TensorOptions, Module> make, int... input) {
            this(name, make, input, 0, Module::forward);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case recurrent(String name, Function<RecurrentOptions, Module> make, boolean masked) {
        int[] lengths = {4, 2, 3};
        return new Case(name, o -> make.apply(RecurrentOptions.of(3, 5).numLayers(2).bidirectional(true)
                .options(o)), new int[]{4, 3, 3}, 0, (m, x) -> masked
                ? ((Recurrent) m).forward(x, null, null, lengths).output() : m.forward(x));
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("Conv1d pad 1", o -> new Conv1d(ConvSpec.builder(3, 4, 3).padding(1).options(o)), 2, 3, 9));
        c.add(new Case("Conv2d stride 2 pad 1", o -> new Conv2d(ConvSpec.builder(3, 4, 3).stride(2).padding(1)
                .options(o)), 2, 3, 8, 8));
        c.add(new Case("Conv2d groups 2 dilation 2", o -> new Conv2d(ConvSpec.builder(4, 6, 3).groups(2).dilation(2)
                .paddingSame().options(o)), 2, 4, 7, 7));
        c.add(new Case("ConvTranspose2d stride 2", o -> new ConvTranspose2d(ConvSpec.builder(3, 2, 3).stride(2)
                .padding(1).outputPadding(1).options(o)), 2, 3, 5, 5));
        c.add(new Case("MaxPool2d", o -> new MaxPool2d(2), 2, 3, 7, 7));
        c.add(new Case("AvgPool2d pad 1", o -> new AvgPool2d(new int[]{3, 3}, new int[]{2, 2}, new int[]{1, 1},
                false), 2, 3, 7, 7));
        c.add(new Case("AdaptiveAvgPool2d", o -> new AdaptiveAvgPool2d(3, 2), 2, 3, 7, 5));
        c.add(new Case("BatchNorm2d", o -> new BatchNorm2d(3, 1e-5, 0.1, true, true, o), 4, 3, 5, 5));
        c.add(new Case("LayerNorm", o -> new LayerNorm(new int[]{6}, 1e-5, true, true, o), 2, 4, 6));
        c.add(new Case("GroupNorm", o -> new GroupNorm(2, 4, 1e-5, true, o), 2, 4, 3, 3));
        c.add(new Case("Embedding padding_idx", o -> new Embedding(10, 5, 0, o), new int[]{2, 4}, 10,
                Module::forward));
        c.add(recurrent("RNN", o -> new RNN(o), false));
        c.add(recurrent("RNN relu masked", o -> new RNN(o.relu(true)), true));
        c.add(recurrent("LSTM", o -> new LSTM(o), false));
        c.add(recurrent("LSTM masked", o -> new LSTM(o), true));
        c.add(recurrent("GRU", o -> new GRU(o), false));
        c.add(recurrent("GRU masked", o -> new GRU(o), true));
        c.add(new Case("MultiheadAttention", o -> new MultiheadAttention(8, 2, 0.0, true, true, o), 2, 5, 8));
        c.add(new Case("TransformerEncoderLayer", o -> new TransformerEncoderLayer(8, 2, 16, 0.0, false, 1e-5,
                true, false, o), 2, 5, 8));
        c.add(new Case("TransformerEncoderLayer causal norm-first gelu", o -> new TransformerEncoderLayer(8, 2, 16,
                0.0, true, 1e-5, true, true, o), new int[]{2, 5, 8}, 0,
                (m, x) -> ((TransformerEncoderLayer) m).forward(x, null, null, true)));
        return c.stream();
    }

    /** The output and gradients of one side, by name ("output", "input", then the parameters). */
    private static Map<String, double[]> run(Case c, Device d, DType dtype) {
        try (Scope s = Scope.open()) {
            Module m = c.make().apply(new TensorOptions(d, dtype, new Generator(41)));
            Tensor x;
            if (c.symbols() > 0) {
                int[] idx = new int[Arrays.stream(c.input()).reduce(1, (a, b) -> a * b)];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = (i * 7 + 3) % c.symbols();
                }
                x = Tensor.of(d, idx, c.input());
            } else {
                double[] v = values(Arrays.stream(c.input()).reduce(1, (a, b) -> a * b), Domain.ANY, 43);
                x = tensor(d, dtype, v, c.input()).requiresGrad(true);
            }
            Tensor y = c.run().apply(m, x);
            Tensor probe = tensor(d, dtype, values(y.numel(), Domain.ANY, 47), y.shape().dims());
            y.mul(probe).sum().backward();
            Map<String, double[]> out = new java.util.LinkedHashMap<>();
            out.put("output", y.toDoubleArray());
            if (c.symbols() == 0) {
                out.put("input gradient", x.grad().toDoubleArray());
            }
            m.namedParameters().forEach((name, p) -> out.put(name + " gradient", p.grad().toDoubleArray()));
            m.close();
            return out;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void layerMatchesFloat64Reference(Case c) {
        Map<String, double[]> expected = run(c, ref, DType.FLOAT64);
        Map<String, double[]> actual = run(c, device, DType.FLOAT32);
        for (Map.Entry<String, double[]> e : expected.entrySet()) {
            boolean forward = e.getKey().equals("output");
            assertClose(c.name() + " on " + device.spec() + ": " + e.getKey(), e.getValue(), actual.get(e.getKey()),
                    forward ? RTOL : GRAD_RTOL, forward ? ATOL : GRAD_ATOL);
        }
    }
}
