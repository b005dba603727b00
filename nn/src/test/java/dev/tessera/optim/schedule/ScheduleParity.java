package dev.tessera.optim.schedule;

import dev.tessera.testing.TorchFixture;

/** Compares a schedule's 300 rates with PyTorch's (relative tolerance 1e-9, as the parity spec asks). */
final class ScheduleParity {
    static final TorchFixture FX = TorchFixture.load("schedules.safetensors");

    private ScheduleParity() {
    }

    static void check(String name, LrSchedule s) {
        double[] expected = FX.doubles(name);
        double base = FX.number(name, "base");
        double[] metric = name.equals("plateau") ? FX.doubles("plateau.metric") : null;
        double[] actual = new double[expected.length];
        for (int t = 0; t < expected.length; t++) {
            actual[t] = s.rate(t, base);
            if (metric != null) {
                s.observe(metric[t]);
            }
        }
        TorchFixture.assertClose(name, expected, actual, 1e-9, 0.0);
    }

    static double num(String name, String field) {
        return FX.number(name, field);
    }
}
