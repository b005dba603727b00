package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Device;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.train.Checkpoint;
import dev.tessera.train.EpochMetrics;
import dev.tessera.train.Trainer;
import dev.tessera.train.TrainerConfig;
import dev.tessera.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash-safe checkpoints: a child JVM ({@link CrashChild}) trains and writes a checkpoint after every epoch; the test
 * kills it with SIGKILL at seeded random moments: half at a uniform time in its first second of training, half 0 to
 * 14 ms after one of its first epochs ends, aimed at the write of that epoch's 4 MiB checkpoint (a kill inside a
 * write leaves the write's temporary file behind, so their count is the number of writes interrupted). After every
 * kill the last checkpoint must load and restore, and the next child must resume right after it. Once the kills are
 * done a last child runs to the end, and its final checkpoint must equal, bit for bit, an uninterrupted run of the
 * same training in this JVM (deterministic mode, CPU): parameters, buffers, optimizer state, schedule state and every
 * epoch's loss.
 *
 * <p>CI makes {@code -Dtessera.crash.kills} kills (default 5); {@code -Dtessera.crash.seed} changes the moments.
 * The run lasts {@code max(150, 25 x kills)} epochs so the kills all land before its end.
 */
class CrashSafeCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void killedTrainingAlwaysLeavesALoadableCheckpointAndResumesBitIdentically() throws Exception {
        int kills = Integer.getInteger("tessera.crash.kills", 5);
        int epochs = Math.max(150, 25 * kills);
        SplittableRandom random = new SplittableRandom(Long.getLong("tessera.crash.seed", 20260901L));
        Path checkpoint = dir.resolve(Trainer.CHECKPOINT_FILE);
        int done = 0;
        int interruptedWrites = 0;
        long lastEpoch = -1;
        List<String> log = new ArrayList<>();
        while (done < kills) {
            boolean aimed;
            try (ChildJvm child = ChildJvm.start(CrashChild.class, dir.toString(), Integer.toString(epochs))) {
                String started = child.await("started", 120);
                assertTrue(started != null, "the child ended before training:\n" + child.transcript());
                assertEquals("started " + (lastEpoch + 1), started, "the child resumes after the last checkpoint");
                aimed = random.nextBoolean();
                if (aimed) {
                    for (int e = random.nextInt(1, 6); e > 0; e--) {
                        if (child.await("epoch", 120) == null) {
                            break;
                        }
                    }
                    Thread.sleep(random.nextInt(15));
                } else {
                    Thread.sleep(random.nextInt(1000));
                }
                if (!child.isAlive()) {
                    break;
                }
                child.kill();
            }
            done++;
            long temporaries = temporaryFiles();
            interruptedWrites += (int) temporaries;
            long epoch = verify(checkpoint);
            assertTrue(epoch >= lastEpoch, "kill " + done + ": the checkpoint went back from epoch " + lastEpoch
                    + " to " + epoch);
            lastEpoch = epoch;
            log.add("kill " + done + (aimed ? " (right after an epoch)" : " (at a random time)")
                    + ": last checkpoint after epoch " + epoch + " loads and restores"
                    + (temporaries > 0 ? "; the kill interrupted a checkpoint write" : ""));
        }
        try (ChildJvm last = ChildJvm.start(CrashChild.class, dir.toString(), Integer.toString(epochs))) {
            assertEquals(0, last.waitFor(600), "the final child failed:\n" + last.transcript());
            assertTrue(last.transcript().endsWith("done"), last.transcript());
        }
        assertEquals(0, temporaryFiles(), "the resumed trainer deleted the temporaries of interrupted writes");
        assertEquals(kills, done, "the child finished before every kill was made\n" + log);
        compareWithAnUninterruptedRun(checkpoint, epochs);
        log.forEach(System.out::println);
        System.out.printf("crash test: %d SIGKILLs survived, %d of them during a checkpoint write; resumed run equals"
                + " the uninterrupted one bit for bit over %d epochs%n", done, interruptedWrites, epochs);
    }

    /** Temporary files that interrupted checkpoint writes left in the directory. */
    private long temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    /** Loads and restores the checkpoint into a fresh run (if one was written yet); returns its epoch, or -1. */
    private static long verify(Path checkpoint) throws IOException {
        if (!Files.exists(checkpoint)) {
            return -1;
        }
        try (CrashRun fresh = new CrashRun(Device.cpu()); Checkpoint c = Checkpoint.read(checkpoint, Device.cpu())) {
            c.restore(fresh.model, fresh.optimizer, fresh.schedule);
            return Long.parseLong(c.metadata("trainer.epoch"));
        }
    }

    private static void compareWithAnUninterruptedRun(Path checkpoint, int epochs) throws IOException {
        boolean was = Tessera.deterministic();
        Tessera.setDeterministic(true);
        try (CrashRun straight = new CrashRun(Device.cpu());
             Checkpoint c = Checkpoint.read(checkpoint, Device.cpu())) {
            TrainingHistory h = straight.trainer(TrainerConfig.builder().epochs(epochs).seed(CrashRun.SEED).build())
                    .fit(straight.data, null);
            assertEquals(Integer.toString(epochs), c.metadata("trainer.epoch"), "epochs numbered from 1");
            for (Map.Entry<String, Tensor> e : straight.model.stateDict().entrySet()) {
                assertArrayEquals(e.getValue().toDoubleArray(), c.tensors("").get(e.getKey()).toDoubleArray(), 0.0,
                        e.getKey());
            }
            for (Map.Entry<String, Tensor> e : straight.optimizer.stateTensors().entrySet()) {
                assertArrayEquals(e.getValue().toDoubleArray(), c.tensors("").get(e.getKey()).toDoubleArray(), 0.0,
                        e.getKey());
            }
            straight.optimizer.stateScalars().forEach((k, v) -> assertEquals(v, c.metadata(k), k));
            straight.schedule.state().forEach((k, v) -> assertEquals(v, c.metadata("schedule." + k), k));
            String[] rows = c.metadata("trainer.history").split("\n");
            assertEquals(epochs + 1, rows.length, "header and one row per epoch");
            for (int e = 0; e < epochs; e++) {
                EpochMetrics resumed = EpochMetrics.parseCsvRow(rows[e + 1]);
                assertEquals(h.epochs().get(e).trainLoss(), resumed.trainLoss(), 0.0, "loss of epoch " + e);
                assertEquals(h.epochs().get(e).lr(), resumed.lr(), 0.0, "rate of epoch " + e);
            }
        } finally {
            Tessera.setDeterministic(was);
        }
    }
}
