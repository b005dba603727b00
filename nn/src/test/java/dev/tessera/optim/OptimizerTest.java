package dev.tessera.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Tensor;
import dev.tessera.testing.TorchFixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every optimizer shares: skipping parameters without gradients, state save/restore, groups, checks. */
class OptimizerTest {
    @Test
    void parametersWithoutGradientAreSkippedAndTheirStateDoesNotAdvance() {
        Map<String, Tensor> p = OptimizerParity.params();
        Tensor unused = Tensor.of(TorchFixture.DEVICE, new double[]{1, 2}, 2).requiresGrad(true);
        Map<String, Tensor> all = new LinkedHashMap<>(p);
        all.put("unused", unused);
        Adam adam = new Adam(all, 0.1);
        OptimizerParity.gradient(p);
        adam.step();
        assertArrayEquals(new double[]{1, 2}, unused.toDoubleArray());
        assertFalse(adam.stateScalars().containsKey("optim.state.unused.step"));
        assertEquals(1, adam.steps());
    }

    @Test
    void restoredStateContinuesExactlyAsTheOriginal() {
        for (java.util.function.Function<Map<String, Tensor>, Optimizer> make : List.<java.util.function.Function<
                Map<String, Tensor>, Optimizer>>of(p -> new Adam(p, 0.05), p -> new SGD(p, 0.05, 0.9),
                p -> new RMSprop(List.of(ParamGroup.of(p)), 0.01, 0.9, 1e-8, 0, 0.5, true),
                p -> new Adagrad(List.of(ParamGroup.of(p)), 0.1, 0.01, 0, 0, 1e-10))) {
            Map<String, Tensor> a = OptimizerParity.params();
            Optimizer optA = make.apply(a);
            for (int i = 0; i < 3; i++) {
                OptimizerParity.gradient(a);
                optA.step();
            }
            Map<String, Tensor> b = OptimizerParity.params();
            for (String k : a.keySet()) {
                b.get(k).requiresGrad(false).assign(a.get(k)).requiresGrad(true);
            }
            Optimizer optB = make.apply(b);
            optB.loadState(optA.stateTensors(), optA.stateScalars());
            assertEquals(optA.stateScalars(), optB.stateScalars());
            for (int i = 0; i < 3; i++) {
                OptimizerParity.gradient(a);
                optA.step();
                OptimizerParity.gradient(b);
                optB.step();
            }
            for (String k : a.keySet()) {
                assertArrayEquals(a.get(k).toDoubleArray(), b.get(k).toDoubleArray(), 0.0, optA.name() + " " + k);
            }
        }
    }

    @Test
    void loadStateRejectsUnknownParametersAndShapes() {
        Map<String, Tensor> p = OptimizerParity.params();
        SGD sgd = new SGD(p, 0.1, 0.9);
        Map<String, Tensor> bad = Map.of("optim.state.nope.momentum_buffer", Tensor.zeros(2));
        assertEquals("SGD.loadState: 'optim.state.nope.momentum_buffer' names no parameter of this optimizer",
                assertThrows(IllegalArgumentException.class, () -> sgd.loadState(bad, Map.of("optim.steps", "1")))
                        .getMessage());
        Map<String, Tensor> shape = Map.of("optim.state.bias.momentum_buffer",
                Tensor.zeros(dev.tessera.Shape.of(7), dev.tessera.DType.FLOAT64, TorchFixture.DEVICE));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sgd.loadState(shape, Map.of("optim.steps",
                "1"))).getMessage().contains("has shape [7] but parameter 'bias' has [3]"));
    }

    /** A malformed scalar used to be parsed after the old state was dropped, leaving the optimizer half-loaded. */
    @Test
    void loadStateWithAMalformedScalarLeavesTheOptimizerUnchanged() {
        Map<String, Tensor> p = OptimizerParity.params();
        Adam adam = new Adam(p, 0.1);
        OptimizerParity.gradient(p);
        adam.step();
        Map<String, String> scalars = new LinkedHashMap<>(adam.stateScalars());
        Map<String, double[]> tensors = new LinkedHashMap<>();
        adam.stateTensors().forEach((k, v) -> tensors.put(k, v.toDoubleArray()));
        for (String[] edit : new String[][]{{"optim.state.bias.step", "many"}, {"optim.steps", "-1"},
                {"optim.group.0.lr", "fast"}}) {
            Map<String, String> bad = new LinkedHashMap<>(scalars);
            bad.put(edit[0], edit[1]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> adam.loadState(adam.stateTensors(), bad));
            assertTrue(e.getMessage().contains("'" + edit[0] + "' is '" + edit[1] + "'"), e.getMessage());
            assertEquals(scalars, adam.stateScalars(), edit[0]);
            adam.stateTensors().forEach((k, v) -> assertArrayEquals(tensors.get(k), v.toDoubleArray(), 0.0, k));
        }
    }

    @Test
    void groupsKeepTheirRatioWhenTheRateIsSetAndRejectDuplicates() {
        Map<String, Tensor> p = OptimizerParity.params();
        SGD sgd = new SGD(List.of(ParamGroup.of(Map.of("weight", p.get("weight"))).withLr(0.1),
                ParamGroup.of(Map.of("bias", p.get("bias"))).withLr(0.3)), 1.0, 0, 0, false, 0, false);
        sgd.setLr(0.01);
        assertEquals(0.01, sgd.groups().get(0).lr(), 1e-18);
        assertEquals(0.03, sgd.groups().get(1).lr(), 1e-17);
        assertEquals(0.1, sgd.groups().get(0).initialLr());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(
                ParamGroup.of(p), ParamGroup.of(Map.of("bias", p.get("bias")))), 0.1, 0, 0, false, 0, false));
        assertEquals("SGD: parameter 'bias' appears in more than one group", e.getMessage());
        assertEquals("SGD: lr of group 1 must be in [0, inf), got -1.0", assertThrows(IllegalArgumentException.class,
                () -> new SGD(List.of(ParamGroup.of(Map.of("w", p.get("weight"))),
                        ParamGroup.of(Map.of("b", p.get("bias"))).withLr(-1)), 0.1, 0, 0, false, 0, false))
                .getMessage());
    }

    @Test
    void decayAndNoDecaySplitsWeightsFromBiases() {
        List<ParamGroup> g = ParamGroup.decayAndNoDecay(OptimizerParity.params(), 0.05);
        assertEquals(List.of("weight"), List.copyOf(g.get(0).params().keySet()));
        assertEquals(List.of("bias"), List.copyOf(g.get(1).params().keySet()));
        AdamW opt = new AdamW(g, 0.1, 0.9, 0.999, 1e-8, 0.9, false);
        assertEquals(0.05, opt.groups().get(0).weightDecay());
        assertEquals(0.0, opt.groups().get(1).weightDecay());
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Map<String, Tensor> p = OptimizerParity.params();
        SGD sgd = new SGD(p, 0.1);
        OptimizerParity.gradient(p);
        sgd.zeroGrad();
        assertNull(p.get("weight").grad());
    }

    @Test
    void theSameTensorUnderTwoNamesIsRefusedNamingBoth() {
        Map<String, Tensor> p = OptimizerParity.params();
        Map<String, Tensor> twice = new LinkedHashMap<>(p);
        twice.put("tied", p.get("weight"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(twice, 0.1));
        assertEquals("Adam: parameters 'weight' and 'tied' are the same tensor; each step would update it twice "
                + "(give it once)", e.getMessage());
    }

    @Test
    void stepOnAClosedParameterIsAnErrorAndUpdatesNothing() {
        Map<String, Tensor> p = OptimizerParity.params();
        SGD sgd = new SGD(p, 0.1, 0.9);
        OptimizerParity.gradient(p);
        double[] weight = p.get("weight").toDoubleArray();
        p.get("bias").close();
        IllegalStateException e = assertThrows(IllegalStateException.class, sgd::step);
        assertTrue(e.getMessage().contains("parameter 'bias' is closed"), e.getMessage());
        assertArrayEquals(weight, p.get("weight").toDoubleArray());
        assertEquals(0, sgd.steps());
    }

    @Test
    void stateOfAnotherOptimizerTypeOrOtherParametersIsRefusedAndChangesNothing() {
        Map<String, Tensor> p = OptimizerParity.params();
        Adam adam = new Adam(p, 0.1);
        OptimizerParity.gradient(p);
        adam.step();
        SGD sgd = new SGD(p, 0.1, 0.9);
        sgd.step();
        Map<String, String> before = sgd.stateScalars();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.loadState(adam.stateTensors(), adam.stateScalars()));
        assertTrue(e.getMessage().startsWith("SGD.loadState: the state was saved by Adam, not SGD"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> adam.loadState(sgd.stateTensors(), sgd.stateScalars()));
        assertTrue(e.getMessage().contains("saved by SGD, not Adam"), e.getMessage());
        assertEquals(before, sgd.stateScalars());

        Map<String, Tensor> fewer = new LinkedHashMap<>(OptimizerParity.params());
        fewer.remove("bias");
        Adam small = new Adam(fewer, 0.1);
        e = assertThrows(IllegalArgumentException.class, () -> small.loadState(Map.of(), adam.stateScalars()));
        assertTrue(e.getMessage().contains("'optim.state.bias.step' names no parameter"), e.getMessage());
    }
}
