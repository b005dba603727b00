package dev.tessera.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.optim.Optimizers;
import dev.tessera.optim.SGD;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** scheduler.step() sets the rates PyTorch's attached schedulers give after the same number of steps. */
class LrSchedulerTest {
    private final Map<String, Tensor> params =
            Map.of("w", Tensor.zeros(Shape.of(2), DType.FLOAT64, Device.of("reference")));

    @Test
    void stepDecayAttachedToAnOptimizer() {
        SGD sgd = Optimizers.sgd(params).lr(0.1).build();
        LrScheduler scheduler = new LrScheduler(sgd, new StepDecay(2, 0.5));
        double[] expected = {0.1, 0.05, 0.05, 0.025, 0.025};
        assertEquals(0.1, scheduler.lastLr());
        for (int t = 1; t <= 5; t++) {
            scheduler.step();
            assertEquals(expected[t - 1], sgd.groups().get(0).lr(), 1e-15,
                    "after step " + t);
        }
        assertEquals(5, scheduler.steps());
    }

    @Test
    void plateauScheduleReadsTheMetric() {
        SGD sgd = Optimizers.sgd(params).lr(1.0).build();
        LrScheduler scheduler = new LrScheduler(sgd, new ReduceOnPlateau(Mode.MIN, 0.5, 0, 0, true, 0, 0));
        scheduler.step(1.0);
        assertEquals(1.0, scheduler.lastLr(), "first metric is the best so far");
        scheduler.step(2.0);
        assertEquals(0.5, scheduler.lastLr(), "no improvement with patience 0 halves the rate");
    }

    @Test
    void rejectsNull() {
        SGD sgd = Optimizers.sgd(params).build();
        assertThrows(IllegalArgumentException.class, () -> new LrScheduler(sgd, null));
    }
}
