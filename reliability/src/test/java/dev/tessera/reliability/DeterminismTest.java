package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Device;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.nn.Sequential;
import dev.tessera.optim.Adam;
import dev.tessera.optim.Optimizer;
import dev.tessera.optim.SGD;
import dev.tessera.train.TensorBatches;
import dev.tessera.train.Trainer;
import dev.tessera.train.TrainerConfig;
import dev.tessera.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Determinism with {@link Tessera#setDeterministic} on: on each available device, two training runs from the same
 * seed (initialization, dropout masks, shuffling all from counter-based generators) give bitwise-identical losses at
 * every step and bitwise-identical final parameters; across devices the losses agree with the reference backend's
 * within FLOAT32 rounding.
 */
class DeterminismTest {
    private static final int STEPS = 48;
    private boolean wasDeterministic;

    @BeforeEach
    void deterministic() {
        wasDeterministic = Tessera.deterministic();
        Tessera.setDeterministic(true);
    }

    @AfterEach
    void restore() {
        Tessera.setDeterministic(wasDeterministic);
    }

    /** The losses of every step and the final parameters of one run. */
    private record Run(double[] losses, Map<String, double[]> parameters) {
    }

    /** Trains the soak MLP for {@link #STEPS} shuffled mini-batch steps on {@code device}, everything from seeds. */
    private static Run train(Device device, Function<Sequential, Optimizer> optimizer) {
        Sequential model = Models.mlp(device, 21, 10, 24, 3);
        Tensor x = Models.features(device, 22, 96, 10);
        Tensor y = Models.labels(device, x, 3);
        List<Double> losses = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss, boolean skipped) {
                losses.add(loss);
            }
        };
        Optimizer opt = optimizer.apply(model);
        new Trainer(model, new CrossEntropyLoss(), opt, null,
                TrainerConfig.builder().epochs(STEPS / 6).seed(23).build()).addListener(record)
                .fit(new TensorBatches(x, y, 16, true, false), null);
        Run run = new Run(losses.stream().mapToDouble(Double::doubleValue).toArray(), Models.values(model));
        opt.closeState();
        model.close();
        x.close();
        y.close();
        return run;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(AvailableDevices.SPECS)
    void twoRunsWithTheSameSeedAreBitwiseIdentical(String spec) {
        Device device = AvailableDevices.open(spec);
        Run a = train(device, m -> new Adam(m.namedParameters(), 1e-2));
        Run b = train(device, m -> new Adam(m.namedParameters(), 1e-2));
        assertEquals(STEPS, a.losses().length);
        for (int i = 0; i < STEPS; i++) {
            assertEquals(Double.doubleToRawLongBits(a.losses()[i]), Double.doubleToRawLongBits(b.losses()[i]),
                    spec + ": step " + i + " loss " + a.losses()[i] + " vs " + b.losses()[i]);
        }
        for (String k : a.parameters().keySet()) {
            double[] pa = a.parameters().get(k);
            double[] pb = b.parameters().get(k);
            for (int i = 0; i < pa.length; i++) {
                assertEquals(Double.doubleToRawLongBits(pa[i]), Double.doubleToRawLongBits(pb[i]),
                        spec + ": " + k + "[" + i + "] " + pa[i] + " vs " + pb[i]);
            }
        }
        assertTrue(a.losses()[STEPS - 1] < a.losses()[0], spec + ": the run trains (loss falls)");
        System.out.printf("determinism on %s: %d steps, losses and %d parameter and buffer tensors bitwise"
                + " identical%n", spec, STEPS, a.parameters().size());
    }

    @Test
    void everyDeviceAgreesWithTheReferenceWithinRounding() {
        Run reference = train(Device.of("reference"), m -> new SGD(m.namedParameters(), 0.05, 0.9));
        for (Device device : AvailableDevices.all()) {
            if (device.spec().equals("reference")) {
                continue;
            }
            Run run = train(device, m -> new SGD(m.namedParameters(), 0.05, 0.9));
            double worst = 0;
            for (int i = 0; i < STEPS; i++) {
                double e = reference.losses()[i];
                double diff = Math.abs(run.losses()[i] - e);
                worst = Math.max(worst, diff / Math.max(1e-3, Math.abs(e)));
                assertTrue(diff <= 1e-5 + 1e-3 * Math.abs(e), device + ": step " + i + " loss " + run.losses()[i]
                        + ", reference " + e);
            }
            System.out.printf("cross-device: %s vs reference over %d SGD steps: largest relative loss difference"
                    + " %.2e%n", device, STEPS, worst);
        }
    }
}
