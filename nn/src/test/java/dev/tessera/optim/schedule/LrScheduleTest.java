package dev.tessera.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Tensor;
import dev.tessera.optim.ParamGroup;
import dev.tessera.optim.SGD;
import dev.tessera.testing.TorchFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What all schedules share: per-group application, composition, state, and argument checks. */
class LrScheduleTest {
    private static Tensor param() {
        return Tensor.of(TorchFixture.DEVICE, new double[]{1}, 1).requiresGrad(true);
    }

    @Test
    void applyScalesEachGroupFromItsOwnInitialRate() {
        SGD sgd = new SGD(List.of(ParamGroup.of(Map.of("a", param())).withLr(0.1),
                ParamGroup.of(Map.of("b", param())).withLr(0.02)), 1.0, 0, 0, false, 0, false);
        new StepDecay(10, 0.5).apply(sgd, 25);
        assertEquals(0.025, sgd.groups().get(0).lr(), 1e-17);
        assertEquals(0.005, sgd.groups().get(1).lr(), 1e-17);
    }

    @Test
    void warmupPassesMetricsAndStateToTheInnerSchedule() {
        ReduceOnPlateau plateau = new ReduceOnPlateau(Mode.MIN, 0.5, 0, 0, true, 0, 0);
        Warmup w = new Warmup(3, 0.25, plateau);
        assertEquals(0.025, w.rate(0, 0.1), 1e-17);
        assertEquals(0.075, w.rate(2, 0.1), 1e-15);
        w.observe(1.0);
        w.observe(2.0);
        assertEquals(1, plateau.reductions());
        assertEquals(0.05, w.rate(3, 0.1), 1e-17);
        ReduceOnPlateau other = new ReduceOnPlateau(Mode.MIN, 0.5, 0, 0, true, 0, 0);
        new Warmup(3, 0.25, other).loadState(w.state());
        assertEquals(1, other.reductions());
        assertEquals(plateau.state(), other.state());
    }

    @Test
    void reduceOnPlateauRespectsMinLrAndMaxMode() {
        ReduceOnPlateau p = new ReduceOnPlateau(Mode.MAX, 0.1, 1, 0.0, false, 0, 1e-3);
        for (double acc : new double[]{0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6}) {
            p.observe(acc);
        }
        assertEquals(3, p.reductions());
        assertEquals(1e-3, p.rate(8, 0.5), 0.0);
    }

    @Test
    void oneCycleKeepsItsFinalRateBeyondTheLastStep() {
        OneCycle oc = new OneCycle(1.0, 100);
        assertEquals(oc.rate(99, 0), oc.rate(150, 0));
        assertEquals(1.0 / 25 / 1e4, oc.rate(99, 0), 1e-15);
        assertEquals(1.0, oc.rate(29, 0), 1e-15);
    }

    @Test
    void argumentsAreCheckedWithTheirRanges() {
        assertEquals("StepDecay: stepSize must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new StepDecay(0, 0.5)).getMessage());
        assertEquals("MultiStepDecay: milestones must be non-negative and strictly increasing, got [5, 5]",
                assertThrows(IllegalArgumentException.class, () -> new MultiStepDecay(0.5, 5, 5)).getMessage());
        assertEquals("ReduceOnPlateau: patience must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> new ReduceOnPlateau(Mode.MIN, 0.1, -1, 0, true, 0, 0)).getMessage());
        assertEquals("ReduceOnPlateau: factor must be in [0, 1), got 1.0", assertThrows(
                IllegalArgumentException.class, () -> new ReduceOnPlateau(Mode.MIN, 1.0, 1, 0, true, 0, 0))
                .getMessage());
        assertEquals("Warmup: startFactor must be in (0, 1], got 0.0", assertThrows(IllegalArgumentException.class,
                () -> new Warmup(5, 0, LrSchedule.constant())).getMessage());
        assertEquals("OneCycle: pctStart must be in (0, 1), got 1.5", assertThrows(IllegalArgumentException.class,
                () -> new OneCycle(1, 100, 1.5, true, 25, 1e4, false)).getMessage());
        assertEquals("Cyclical: up and down must be >= 1 step, got 0 and 4", assertThrows(
                IllegalArgumentException.class, () -> new Cyclical(0.1, 1, 0, 4, Cyclical.Policy.TRIANGULAR, 1))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CosineAnnealing(10, 0).rate(-1, 0.1))
                .getMessage().contains("step must be >= 0, got -1"));
    }
}
