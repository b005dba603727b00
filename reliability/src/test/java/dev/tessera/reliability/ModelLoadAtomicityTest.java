package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsContent;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.nn.Sequential;
import dev.tessera.optim.Adam;
import dev.tessera.optim.schedule.ReduceOnPlateau;
import dev.tessera.train.Checkpoint;
import dev.tessera.train.TensorBatches;
import dev.tessera.train.Trainer;
import dev.tessera.train.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never a partial model: restoring a checkpoint that is broken (at the byte level, or well-formed but not fitting the
 * model, optimizer or schedule) throws naming the file, and leaves every parameter, buffer, generator, optimizer
 * state and schedule state exactly as it was, whichever part of the file is wrong. The same holds for a trainer
 * resuming from such a file.
 */
class ModelLoadAtomicityTest {
    private final Device device = Device.cpu();
    @TempDir
    Path dir;
    private Sequential model;
    private Adam optimizer;
    private ReduceOnPlateau schedule;
    private Path good;

    /** A model trained 3 steps and saved, then 2 more steps, so the live state differs from the file's. */
    @BeforeEach
    void trainAndSave() throws IOException {
        model = Models.mlp(device, 7, 6, 16, 3);
        optimizer = new Adam(model.namedParameters(), 0.01);
        schedule = new ReduceOnPlateau();
        Tensor x = Scope.persist(Models.features(device, 8, 32, 6));
        Tensor y = Scope.persist(Models.labels(device, x, 3));
        for (int step = 0; step < 5; step++) {
            if (step == 3) {
                good = dir.resolve("good.safetensors");
                Checkpoint.save(good, model, optimizer, schedule, Map.of(), Map.of());
            }
            try (Scope s = Scope.open()) {
                new CrossEntropyLoss().compute(model.forward(x), y).backward();
                optimizer.step();
                optimizer.zeroGrad();
            }
            schedule.observe(1.0 / (step + 1));
        }
        x.close();
        y.close();
    }

    /** A well-formed checkpoint with one edit to its tensors and metadata. */
    private Path edited(String name, Consumer<Map<String, Tensor>> tensors, Consumer<Map<String, String>> metadata)
            throws IOException {
        Path p = dir.resolve(name + ".safetensors");
        try (SafetensorsContent c = Safetensors.read(good, device)) {
            Map<String, Tensor> t = new LinkedHashMap<>(c.tensors());
            Map<String, String> m = new LinkedHashMap<>(c.metadata());
            tensors.accept(t);
            metadata.accept(m);
            Safetensors.write(p, t, m);
            t.values().forEach(Tensor::close);
        }
        return p;
    }

    private Path bytes(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name + ".safetensors");
        Files.write(p, content);
        return p;
    }

    private List<Path> brokenCheckpoints() throws IOException {
        byte[] raw = Files.readAllBytes(good);
        List<Path> out = new ArrayList<>();
        out.add(bytes("truncated", FileBytes.truncate(raw, raw.length - 7)));
        byte[] garbled = raw.clone();
        garbled[20] = '#';
        out.add(bytes("garbled-header", garbled));
        out.add(bytes("extended", FileBytes.extend(raw, 4)));
        out.add(edited("missing-key", t -> t.remove("4.bias"), m -> { }));
        out.add(edited("last-key-wrong-shape", t -> t.put("4.bias", Tensor.zeros(Shape.of(4), DType.FLOAT32,
                device)), m -> { }));
        out.add(edited("unexpected-key", t -> t.put("head.weight", Tensor.zeros(Shape.of(2), DType.FLOAT32, device)),
                m -> { }));
        out.add(edited("optimizer-state-wrong-shape", t -> t.put("optim.state.4.bias.exp_avg",
                Tensor.zeros(Shape.of(5), DType.FLOAT32, device)), m -> { }));
        out.add(edited("optimizer-state-of-unknown-param", t -> t.put("optim.state.nope.exp_avg",
                Tensor.zeros(Shape.of(5), DType.FLOAT32, device)), m -> { }));
        out.add(edited("optimizer-steps-missing", t -> { }, m -> m.remove("optim.steps")));
        out.add(edited("optimizer-param-step-garbled", t -> { }, m -> m.put("optim.state.4.bias.step", "many")));
        out.add(edited("optimizer-lr-garbled", t -> { }, m -> m.put("optim.group.0.lr", "fast")));
        out.add(edited("generator-garbled", t -> { }, m -> m.put("model.rng.3.rng", "oops")));
        out.add(edited("generator-offset-misaligned", t -> { }, m -> m.put("model.rng.3.rng", "8:3")));
        out.add(edited("generator-missing", t -> { }, m -> m.remove("model.rng.3.rng")));
        out.add(edited("schedule-garbled", t -> { }, m -> m.put("schedule.best", "abc")));
        out.add(edited("schedule-key-missing", t -> { }, m -> m.remove("schedule.reductions")));
        out.add(edited("not-a-checkpoint", t -> { }, m -> m.remove(Checkpoint.FORMAT_KEY)));
        return out;
    }

    /** Everything restoring may touch, as comparable values. */
    private Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        Models.values(model).forEach((k, v) -> s.put("model." + k, v));
        model.namedGenerators().forEach((k, g) -> s.put("rng." + k, g.seed() + ":" + g.offset()));
        optimizer.stateTensors().forEach((k, v) -> s.put(k, v.toDoubleArray()));
        s.put("optimizer.scalars", optimizer.stateScalars());
        s.put("optimizer.lr", optimizer.lr());
        s.put("schedule", schedule.state());
        return s;
    }

    private static void assertSameState(Map<String, Object> expected, Map<String, Object> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": the set of state entries changed");
        for (String k : expected.keySet()) {
            if (expected.get(k) instanceof double[] e) {
                assertArrayEquals(e, (double[]) actual.get(k), 0.0, what + ": " + k + " changed");
            } else {
                assertEquals(expected.get(k), actual.get(k), what + ": " + k + " changed");
            }
        }
    }

    @Test
    void aBrokenCheckpointLeavesModelOptimizerAndScheduleUnchanged() throws IOException {
        Map<String, Object> before = snapshot();
        for (Path p : brokenCheckpoints()) {
            String what = p.getFileName().toString();
            Throwable thrown = null;
            try (Checkpoint c = Checkpoint.read(p, device)) {
                c.restore(model, optimizer, schedule);
            } catch (IOException | IllegalArgumentException e) {
                thrown = e;
            } catch (RuntimeException e) {
                fail(what + ": expected an IOException or IllegalArgumentException, got " + e, e);
            }
            assertNotNull(thrown, what + ": restored without an error");
            assertSameState(before, snapshot(), what);
            assertTrue(thrown.getMessage().contains(p.toString()), what + ": message does not name the file: "
                    + thrown.getMessage());
        }
    }

    @Test
    void theGoodCheckpointStillRestoresAfterwards() throws IOException {
        Map<String, Object> live = snapshot();
        try (Checkpoint c = Checkpoint.read(good, device)) {
            c.restore(model, optimizer, schedule);
        }
        Map<String, Object> restored = snapshot();
        assertTrue(!java.util.Arrays.equals((double[]) live.get("model.0.weight"),
                (double[]) restored.get("model.0.weight")), "the file holds the state of step 3, not step 5");
        assertEquals("3", optimizer.stateScalars().get("optim.steps"));
    }

    @Test
    void aTrainerResumingFromABrokenFileLeavesTheModelUnchanged() throws IOException {
        Tensor x = Models.features(device, 8, 32, 6);
        Tensor y = Models.labels(device, x, 3);
        List<Path> files = new ArrayList<>(brokenCheckpoints());
        files.add(edited("trainer-epoch-garbled", t -> { }, m -> m.put("trainer.epoch", "two")));
        Map<String, Object> before = snapshot();
        for (Path p : files) {
            String what = "resume from " + p.getFileName();
            Trainer t = new Trainer(model, new CrossEntropyLoss(), optimizer, schedule,
                    TrainerConfig.builder().epochs(3).resumeFrom(p).build());
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> t.fit(new TensorBatches(x, y, 8, true, false), null), what);
            assertTrue(e instanceof IllegalArgumentException || e instanceof UncheckedIOException,
                    what + ": unexpected exception " + e);
            assertSameState(before, snapshot(), what);
            assertTrue(e.getMessage().contains(p.toString()), what + ": message does not name the file: "
                    + e.getMessage());
        }
        x.close();
        y.close();
    }
}
