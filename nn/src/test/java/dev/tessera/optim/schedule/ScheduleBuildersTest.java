package dev.tessera.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Schedule builders and short constructors equal the full forms with PyTorch's defaults, and pass settings on. */
class ScheduleBuildersTest {
    private static void assertSameRates(LrSchedule expected, LrSchedule actual, double[] metrics) {
        for (int t = 0; t < metrics.length; t++) {
            expected.observe(metrics[t]);
            actual.observe(metrics[t]);
            assertEquals(expected.rate(t, 0.1), actual.rate(t, 0.1), 0, "step " + t);
        }
    }

    private static final double[] FLAT = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5};

    @Test
    void defaultsAreTorchDefaults() {
        assertSameRates(new ReduceOnPlateau(), ReduceOnPlateau.builder().build(), FLAT);
        assertSameRates(new OneCycle(0.5, 20), OneCycle.builder(0.5, 20).build(), FLAT);
        assertSameRates(new Cyclical(0.01, 0.1, 2000, 2000, Cyclical.Policy.TRIANGULAR, 1.0),
                Cyclical.builder(0.01, 0.1).build(), new double[3000]);
        assertSameRates(new StepDecay(3, 0.1), new StepDecay(3), FLAT);
        assertSameRates(new CosineAnnealing(7, 0), new CosineAnnealing(7), FLAT);
    }

    @Test
    void settingsReachTheSchedule() {
        assertSameRates(new ReduceOnPlateau(Mode.MAX, 0.5, 2, 0.01, false, 1, 0.001),
                ReduceOnPlateau.builder().mode(Mode.MAX).factor(0.5).patience(2).threshold(0.01, false).cooldown(1)
                        .minLr(0.001).build(), FLAT);
        assertSameRates(new OneCycle(0.5, 20, 0.25, false, 10, 100, true),
                OneCycle.builder(0.5, 20).pctStart(0.25).cosine(false).div(10).finalDiv(100).threePhase(true).build(),
                FLAT);
        assertSameRates(new Cyclical(0.01, 0.1, 4, 6, Cyclical.Policy.EXP_RANGE, 0.9),
                Cyclical.builder(0.01, 0.1).stepsUp(4).stepsDown(6).policy(Cyclical.Policy.EXP_RANGE).gamma(0.9)
                        .build(), FLAT);
        assertThrows(IllegalArgumentException.class, () -> ReduceOnPlateau.builder().factor(1.5).build());
    }
}
