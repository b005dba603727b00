package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsHeader;
import dev.tessera.loss.MSELoss;
import dev.tessera.nn.Dropout;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Module;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.AdamW;
import dev.tessera.optim.schedule.Mode;
import dev.tessera.optim.schedule.ReduceOnPlateau;
import dev.tessera.testing.TorchFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint contents, restoration, and refusal of foreign files and clashing names. */
class CheckpointTest {
    private static final TensorOptions O = new TensorOptions(TorchFixture.DEVICE, DType.FLOAT32, new Generator(4));
    @TempDir
    Path dir;

    private static Sequential model(long seed) {
        return new Sequential(new Linear(3, 4, true, O.seeded(seed)), new Dropout(0.5, new Generator(seed)),
                new Linear(4, 2, false, O.seeded(seed + 1)));
    }

    @Test
    void savesModelOptimizerScheduleAndGeneratorsUnderHierarchicalNames() throws Exception {
        Sequential m = model(1);
        AdamW opt = new AdamW(m.namedParameters(), 0.01);
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.ones(dev.tessera.Shape.of(5, 3), DType.FLOAT32, TorchFixture.DEVICE);
            new MSELoss().compute(m.forward(x), Tensor.zerosLike(m.forward(x))).backward();
        }
        opt.step();
        ReduceOnPlateau plateau = new ReduceOnPlateau(Mode.MIN, 0.5, 0, 0, true, 0, 0);
        plateau.observe(1.0);
        plateau.observe(2.0);
        Path p = dir.resolve("c.safetensors");
        Checkpoint.save(p, m, opt, plateau, Map.of(), Map.of("note", "hello"));

        SafetensorsHeader h = Safetensors.readHeader(p);
        List<String> names = h.entries().stream().map(SafetensorsHeader.Entry::name).toList();
        assertTrue(names.containsAll(List.of("0.weight", "0.bias", "2.weight", "optim.state.0.weight.exp_avg",
                "optim.state.2.weight.exp_avg_sq")), names.toString());
        assertEquals("1", h.metadata().get("tessera.checkpoint"));
        assertEquals("1", h.metadata().get("schedule.reductions"));
        assertTrue(h.metadata().get("model.rng.1.rng").matches("1:\\d+"));

        Sequential m2 = model(50);
        AdamW opt2 = new AdamW(m2.namedParameters(), 0.5);
        ReduceOnPlateau plateau2 = new ReduceOnPlateau(Mode.MIN, 0.5, 0, 0, true, 0, 0);
        try (Checkpoint c = Checkpoint.read(p, TorchFixture.DEVICE)) {
            c.restore(m2, opt2, plateau2);
            assertEquals("hello", c.metadata("note"));
        }
        for (String k : m.stateDict().keySet()) {
            assertArrayEquals(m.stateDict().get(k).toFloatArray(), m2.stateDict().get(k).toFloatArray(), k);
        }
        assertEquals(opt.stateScalars(), opt2.stateScalars());
        assertEquals(0.01, opt2.lr());
        assertEquals(1, plateau2.reductions());
        Generator g1 = m.namedGenerators().get("1.rng");
        Generator g2 = m2.namedGenerators().get("1.rng");
        assertEquals(g1.seed(), g2.seed());
        assertEquals(g1.offset(), g2.offset());
    }

    @Test
    void aCheckpointOfAnotherArchitectureIsRejectedWithTheKeys() throws Exception {
        Sequential m = model(1);
        Path p = dir.resolve("c.safetensors");
        Checkpoint.save(p, m, new AdamW(m.namedParameters(), 0.01), (t, b) -> b, Map.of(), Map.of());
        Sequential other = new Sequential(new Linear(3, 4, true, O));
        try (Checkpoint c = Checkpoint.read(p, TorchFixture.DEVICE)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> c.restore(other, new AdamW(other.namedParameters(), 0.1), (t, b) -> b));
            assertTrue(e.getMessage().contains("does not fit the model: loadStateDict: keys do not match Sequential "
                    + "(missing: [], unexpected: [2.weight])"), e.getMessage());
        }
    }

    /**
     * Restoring used to write the model before loading the optimizer and schedule states, so a checkpoint whose
     * optimizer part was broken left a model from the file next to the old optimizer state.
     */
    @Test
    void aCheckpointThatFailsToRestoreChangesNothing() throws Exception {
        Sequential m = model(1);
        AdamW opt = new AdamW(m.namedParameters(), 0.01);
        ReduceOnPlateau schedule = new ReduceOnPlateau();
        Path p = dir.resolve("c.safetensors");
        Checkpoint.save(p, m, opt, schedule, Map.of(), Map.of());
        Sequential other = model(2);
        AdamW otherOpt = new AdamW(other.namedParameters(), 0.5);
        ReduceOnPlateau otherSchedule = new ReduceOnPlateau();
        otherSchedule.observe(3.0);
        double[] weight = other.stateDict().get("0.weight").toDoubleArray();
        Map<String, String> scheduleState = otherSchedule.state();
        String rng = other.namedGenerators().get("1.rng").toString();
        for (String[] edit : new String[][]{{"optim.steps", "x", "cannot restore the optimizer"},
                {"schedule.best", "abc", "cannot restore the schedule"},
                {"model.rng.1.rng", "oops", "metadata 'model.rng.1.rng' is 'oops', expected seed:offset"}}) {
            Path bad = dir.resolve("bad.safetensors");
            try (Checkpoint c = Checkpoint.read(p, TorchFixture.DEVICE)) {
                Map<String, String> meta = new java.util.LinkedHashMap<>(c.metadata());
                meta.put(edit[0], edit[1]);
                Safetensors.write(bad, c.tensors(""), meta);
            }
            try (Checkpoint c = Checkpoint.read(bad, TorchFixture.DEVICE)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> c.restore(other, otherOpt, otherSchedule));
                assertTrue(e.getMessage().startsWith("Checkpoint " + bad) && e.getMessage().contains(edit[2]),
                        e.getMessage());
            }
            assertArrayEquals(weight, other.stateDict().get("0.weight").toDoubleArray(), 0.0, edit[0]);
            assertEquals("0.5", otherOpt.stateScalars().get("optim.group.0.lr"), edit[0]);
            assertEquals(scheduleState, otherSchedule.state(), edit[0]);
            assertEquals(rng, other.namedGenerators().get("1.rng").toString(), edit[0]);
        }
    }

    /** Checkpoints carry a checksum: a flipped bit in any byte is refused instead of restoring other weights. */
    @Test
    void aFlippedBitAnywhereInACheckpointIsRefused() throws Exception {
        Sequential m = model(1);
        Path p = dir.resolve("c.safetensors");
        Checkpoint.save(p, m, new AdamW(m.namedParameters(), 0.01), (t, b) -> b, Map.of(), Map.of());
        byte[] good = java.nio.file.Files.readAllBytes(p);
        Path bad = dir.resolve("bad.safetensors");
        java.util.SplittableRandom bits = new java.util.SplittableRandom(5);
        for (int i = 0; i < good.length; i++) {
            byte[] b = good.clone();
            b[i] ^= (byte) (1 << bits.nextInt(8));
            java.nio.file.Files.write(bad, b);
            int at = i;
            Exception e = assertThrows(Exception.class, () -> Checkpoint.read(bad, TorchFixture.DEVICE).close(),
                    "byte " + at);
            assertTrue(e instanceof java.io.IOException || e instanceof IllegalArgumentException,
                    "byte " + at + ": " + e);
        }
    }

    @Test
    void plainSafetensorsFilesAndReservedNamesAreRefused() throws Exception {
        Path plain = dir.resolve("w.safetensors");
        Safetensors.write(plain, Map.of("w", Tensor.zeros(2)), null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(plain, TorchFixture.DEVICE))
                .getMessage().contains("not a Tessera checkpoint of format 1"));
        Module bad = new Module() {
            {
                registerModule("optim", new Linear(1, 1, true, O));
            }

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        };
        assertEquals("Checkpoint: model key 'optim.weight' starts with the reserved prefix 'optim.'; rename the module",
                assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(dir.resolve("x"), bad,
                        new AdamW(bad.namedParameters(), 0.1), (t, b) -> b, Map.of(), Map.of())).getMessage());
    }
}
