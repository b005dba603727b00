package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.io.Npy;
import dev.tessera.io.NpyArray;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsHeader;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.nn.Sequential;
import dev.tessera.optim.Adam;
import dev.tessera.optim.schedule.ReduceOnPlateau;
import dev.tessera.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of every file format Tessera reads: valid files (a training checkpoint, a .npy array, IDX
 * plain and gzip, CSV) damaged by {@link Mutator}, then read. Each read either succeeds (the damage hit only data)
 * or throws an {@link IOException} naming the file (for a checkpoint also an IllegalArgumentException, and then the
 * model, optimizer and schedule it was restored into are unchanged); never another exception, never an allocation
 * sized from a damaged header. Files Tessera wrote carry a CRC-32C, so for them any effective damage must be refused:
 * a checkpoint always, a plain safetensors file unless the damage renamed the checksum's own key. A failure prints
 * the seed and the damage.
 *
 * <p>CI runs {@code -Dtessera.filefuzz.cases} cases (default 3,000); {@code -Dtessera.filefuzz.seed} moves the
 * seed range. The seed alone decides the file and its damage, so a reported seed with one case reproduces it.
 */
class FileMutationFuzzTest {
    @TempDir
    Path dir;

    /** One valid file to damage: how to read it and where its first length field is. */
    private record Seed(String name, byte[] bytes, int lengthField, FileFormat format) {
    }

    @Test
    void damagedFilesAreReadOrRefusedCleanly() throws IOException {
        int cases = Integer.getInteger("tessera.filefuzz.cases", 3000);
        long base = Long.getLong("tessera.filefuzz.seed", 20260801L);
        Device device = Device.cpu();
        Sequential model = Models.mlp(device, 3, 4, 8, 3);
        Adam optimizer = new Adam(model.namedParameters(), 0.01);
        ReduceOnPlateau schedule = new ReduceOnPlateau();
        List<Seed> seeds = seeds(device, model, optimizer, schedule);
        Map<String, int[]> tally = new TreeMap<>();
        for (int c = 0; c < cases; c++) {
            long seed = base + c;
            Seed s = seeds.get((int) Math.floorMod(seed, (long) seeds.size()));
            Mutator.Mutation m = Mutator.mutate(s.bytes(), s.lengthField(), seed);
            Path file = dir.resolve("case-" + c + "." + s.name());
            Files.write(file, m.bytes());
            String where = "case " + c + " (reproduce with -Dtessera.filefuzz.seed=" + seed
                    + " -Dtessera.filefuzz.cases=1): " + s.name() + " " + m.description();
            boolean refused = s.format() == null ? restore(file, model, optimizer, schedule, where)
                    : read(file, s.format(), m.bytes().length, where);
            boolean changed = !Arrays.equals(s.bytes(), m.bytes());
            if (!refused && changed && s.format() == null) {
                throw new AssertionError(where + ": a damaged checkpoint was restored (its checksum should fail)");
            }
            if (!refused && changed && s.format() == FileFormat.SAFETENSORS
                    && Safetensors.readHeader(file).metadata().containsKey(SafetensorsHeader.CHECKSUM_KEY)) {
                throw new AssertionError(where + ": a damaged file passed its checksum");
            }
            tally.computeIfAbsent(s.name(), k -> new int[2])[refused ? 1 : 0]++;
            Files.delete(file);
        }
        StringBuilder sb = new StringBuilder("file fuzz: " + cases + " damaged files:");
        tally.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v[0]).append(" read/").append(v[1])
                .append(" refused;"));
        System.out.println(sb);
    }

    /** Reads a damaged file; returns whether it was refused. */
    private static boolean read(Path file, FileFormat format, int size, String where) {
        ThreadAllocation.Outcome o = ThreadAllocation.measure(() -> format.read(file));
        long bound = HostileFilesTest.ALLOCATION_SLACK + 16L * size;
        assertTrue(o.bytes() < bound, where + ": reading allocated " + o.bytes() + " bytes (bound " + bound + ")");
        if (o.thrown() == null) {
            return false;
        }
        if (!(o.thrown() instanceof IOException)
                || !String.valueOf(o.thrown().getMessage()).contains(file.toString())) {
            throw new AssertionError(where + ": expected success or an IOException naming the file, got "
                    + o.thrown(), o.thrown());
        }
        return true;
    }

    /** Restores a damaged checkpoint; returns whether it was refused, checking then that nothing changed. */
    private static boolean restore(Path file, Sequential model, Adam optimizer, ReduceOnPlateau schedule,
                                   String where) {
        Map<String, double[]> before = Models.values(model);
        Map<String, String> optimizerBefore = optimizer.stateScalars();
        Map<String, String> scheduleBefore = schedule.state();
        Throwable thrown = null;
        try (Checkpoint c = Checkpoint.read(file, model.parameters().get(0).device())) {
            c.restore(model, optimizer, schedule);
        } catch (Throwable t) {
            thrown = t;
        }
        if (thrown == null) {
            return false;
        }
        if (!(thrown instanceof IOException || thrown instanceof IllegalArgumentException)
                || !String.valueOf(thrown.getMessage()).contains(file.toString())) {
            throw new AssertionError(where + ": expected success, or an IOException or IllegalArgumentException "
                    + "naming the file, got " + thrown, thrown);
        }
        Map<String, double[]> after = Models.values(model);
        for (String k : before.keySet()) {
            assertTrue(Arrays.equals(before.get(k), after.get(k)), where + ": refused, but " + k + " changed");
        }
        assertTrue(optimizerBefore.equals(optimizer.stateScalars()), where + ": refused, but the optimizer changed");
        assertTrue(scheduleBefore.equals(schedule.state()), where + ": refused, but the schedule changed");
        return true;
    }

    private List<Seed> seeds(Device device, Sequential model, Adam optimizer, ReduceOnPlateau schedule)
            throws IOException {
        List<Seed> out = new ArrayList<>();
        try (Scope s = Scope.open()) {
            Tensor x = Models.features(device, 4, 16, 4);
            new CrossEntropyLoss().compute(model.forward(x), Models.labels(device, x, 3)).backward();
            optimizer.step();
            optimizer.zeroGrad();
        }
        schedule.observe(0.5);
        Path ckpt = dir.resolve("seed.safetensors");
        Checkpoint.save(ckpt, model, optimizer, schedule, Map.of(), Map.of("note", "fuzz seed"));
        out.add(new Seed("checkpoint.safetensors", Files.readAllBytes(ckpt), 0, null));
        out.add(new Seed("weights.safetensors", Files.readAllBytes(ckpt), 0, FileFormat.SAFETENSORS));
        Path npy = dir.resolve("seed.npy");
        float[] values = new float[15];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 1;
        }
        Npy.write(npy, NpyArray.of(values, 3, 5));
        out.add(new Seed("array.npy", Files.readAllBytes(npy), 8, FileFormat.NPY));
        byte[] idx = FileBytes.idx(0x08, new int[]{6, 4, 4}, 96);
        for (int i = 16; i < idx.length; i++) {
            idx[i] = (byte) (i * 37);
        }
        out.add(new Seed("images.idx", idx, 4, FileFormat.IDX));
        out.add(new Seed("images.idx.gz", FileBytes.gzip(idx), 4, FileFormat.IDX));
        StringBuilder csv = new StringBuilder("sepal,petal,width,label\n");
        for (int r = 0; r < 20; r++) {
            csv.append(r * 0.5).append(',').append(3 - r * 0.1).append(',').append(r % 7).append(',')
                    .append(r % 3 == 0 ? "setosa" : "versicolor").append('\n');
        }
        out.add(new Seed("table.csv", FileBytes.text(csv.toString()), 0, FileFormat.CSV_DATASET));
        out.add(new Seed("table.csv.gz", FileBytes.gzip(FileBytes.text(csv.toString())), 0, FileFormat.CSV_DATASET));
        Files.delete(ckpt);
        Files.delete(npy);
        return out;
    }
}
