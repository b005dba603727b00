package dev.tessera.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dynamic loss-scaling rules of {@link GradScaler}, checked step by step against the rule of PyTorch's
 * {@code _amp_update_scale_} (torch 1.13's GradScaler needs CUDA, so the sequences are derived by hand from that
 * rule): a scripted pattern of finite and non-finite gradients gives an exact scale sequence and exact skipped steps.
 */
class GradScalerTest {
    private static final Device REF = Device.of("reference");

    /** One parameter [1, 2] under SGD(lr 0.5); its gradient each step is {@code scale * g} for the scripted g. */
    private static Tensor param() {
        return Scope.persist(Tensor.of(REF, new float[]{1, 2}, 2).requiresGrad(true));
    }

    private static void setScaledGrad(Tensor p, GradScaler scaler, double g) {
        p.setGrad(Tensor.of(REF, new float[]{(float) (scaler.currentScale() * g), (float) scaler.currentScale()}, 2));
    }

    @Test
    void scriptedInfPatternGivesTheExactScaleSequenceAndSkipsThoseSteps() {
        GradScaler scaler = new GradScaler(8, 2, 0.5, 3);
        Tensor p = param();
        SGD sgd = new SGD(Map.of("p", p), 0.5);
        double[] pattern = {1, 1, 1, Double.POSITIVE_INFINITY, 1, 1, Double.NaN, 1, 1, 1};
        double[] expectedScales = {8, 8, 16, 8, 8, 8, 4, 4, 4, 8};
        int[] expectedTrackers = {1, 2, 0, 0, 1, 2, 0, 1, 2, 0};
        List<Boolean> stepped = new ArrayList<>();
        for (int i = 0; i < pattern.length; i++) {
            setScaledGrad(p, scaler, pattern[i]);
            stepped.add(scaler.step(sgd));
            scaler.update();
            assertEquals(expectedScales[i], scaler.currentScale(), "scale after step " + i);
            assertEquals(expectedTrackers[i], scaler.growthTracker(), "growth tracker after step " + i);
        }
        assertEquals(List.of(true, true, true, false, true, true, false, true, true, true), stepped);
        assertEquals(8, sgd.steps(), "the optimizer saw only the finite steps");
        // 8 unscaled steps of gradient [1, 1] at lr 0.5 move [1, 2] to [-3, -2]: the scale never leaks into updates.
        assertArrayEquals(new double[]{-3, -2}, p.toDoubleArray(), 0.0);
    }

    @Test
    void defaultsArePyTorchsAndTheScaleStaysFloat32() {
        GradScaler scaler = new GradScaler();
        assertEquals(65536.0, scaler.currentScale());
        Tensor p = param();
        SGD sgd = new SGD(Map.of("p", p), 0.0);
        for (int i = 0; i < 1999; i++) {
            setScaledGrad(p, scaler, 1);
            scaler.step(sgd);
            scaler.update();
        }
        assertEquals(65536.0, scaler.currentScale());
        setScaledGrad(p, scaler, 1);
        scaler.step(sgd);
        scaler.update();
        assertEquals(131072.0, scaler.currentScale(), "x2 after 2000 good steps");
        setScaledGrad(p, scaler, Double.NaN);
        assertFalse(scaler.step(sgd));
        scaler.update();
        assertEquals(65536.0, scaler.currentScale(), "x0.5 on a bad step");
        GradScaler odd = new GradScaler(1.0 / 3, 2, 0.5, 10);
        assertEquals((float) (1.0 / 3), odd.currentScale(), 0.0);
    }

    @Test
    void unscaleBeforeClippingDividesTheGradientsOnce() {
        GradScaler scaler = new GradScaler(1024, 2, 0.5, 100);
        Tensor p = param();
        SGD sgd = new SGD(Map.of("p", p), 1.0);
        try (Scope s = Scope.open()) {
            scaler.scale(p.mul(Tensor.of(REF, new float[]{3, -4}, 2)).sum()).backward();
        }
        assertArrayEquals(new double[]{3 * 1024, -4 * 1024}, p.grad().toDoubleArray(), 0.0);
        scaler.unscale(sgd);
        assertArrayEquals(new double[]{3, -4}, p.grad().toDoubleArray(), 0.0);
        GradientClipping.clipByGlobalNorm(List.of(p), 1.0);
        assertTrue(scaler.step(sgd), "step after unscale does not unscale again");
        scaler.update();
        assertArrayEquals(new double[]{1 - 0.6, 2 + 0.8}, p.toDoubleArray(), 1e-6);
    }

    @Test
    void callsOutOfOrderAreRefused() {
        GradScaler scaler = new GradScaler();
        Tensor p = param();
        SGD sgd = new SGD(Map.of("p", p), 0.1);
        IllegalStateException none = assertThrows(IllegalStateException.class, scaler::update);
        assertTrue(none.getMessage().contains("no unscale() or step()"), none.getMessage());
        setScaledGrad(p, scaler, 1);
        scaler.unscale(sgd);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> scaler.unscale(sgd));
        assertTrue(twice.getMessage().contains("already called for SGD"), twice.getMessage());
        scaler.step(sgd);
        assertThrows(IllegalStateException.class, () -> scaler.step(sgd));
        assertThrows(IllegalStateException.class, () -> scaler.unscale(sgd));
        scaler.update();
        p.setGrad(Tensor.of(REF, DType.FLOAT16, new double[]{1, 1}, 2));
        IllegalStateException half = assertThrows(IllegalStateException.class, () -> scaler.unscale(sgd));
        assertTrue(half.getMessage().contains("'p' has a FLOAT16 gradient"), half.getMessage());
    }

    @Test
    void stateRoundTripsAndIsChecked() {
        GradScaler scaler = new GradScaler(8, 2, 0.5, 3);
        Tensor p = param();
        SGD sgd = new SGD(Map.of("p", p), 0.1);
        setScaledGrad(p, scaler, Double.POSITIVE_INFINITY);
        scaler.step(sgd);
        scaler.update();
        setScaledGrad(p, scaler, 1);
        scaler.step(sgd);
        scaler.update();
        Map<String, String> state = scaler.state();
        assertEquals("4.0", state.get("grad_scaler.scale"));
        assertEquals("1", state.get("grad_scaler.growth_tracker"));
        GradScaler restored = new GradScaler(8, 2, 0.5, 3);
        restored.loadState(state);
        assertEquals(4.0, restored.currentScale());
        assertEquals(1, restored.growthTracker());
        IllegalArgumentException rule = assertThrows(IllegalArgumentException.class,
                () -> new GradScaler(8, 2, 0.5, 5).loadState(state));
        assertTrue(rule.getMessage().contains("differs"), rule.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> restored.loadState(Map.of()));
        assertTrue(missing.getMessage().contains("'grad_scaler.scale' is missing"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GradScaler(0, 2, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new GradScaler(1, 1, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new GradScaler(1, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new GradScaler(1, 2, 0.5, 0));
    }
}
