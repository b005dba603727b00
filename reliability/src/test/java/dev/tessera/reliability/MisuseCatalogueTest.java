package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.DeviceUnavailableException;
import dev.tessera.Generator;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.TensorClosedException;
import dev.tessera.Tessera;
import dev.tessera.autograd.GradMode;
import dev.tessera.cli.Main;
import dev.tessera.data.CsvDataset;
import dev.tessera.data.TargetKind;
import dev.tessera.io.IdxReader;
import dev.tessera.io.Npy;
import dev.tessera.io.NpyArray;
import dev.tessera.io.Safetensors;
import dev.tessera.io.SafetensorsFormatException;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.loss.MSELoss;
import dev.tessera.nn.Linear;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Adam;
import dev.tessera.optim.SGD;
import dev.tessera.optim.schedule.LrSchedule;
import dev.tessera.train.Checkpoint;
import dev.tessera.train.TensorBatches;
import dev.tessera.train.Trainer;
import dev.tessera.train.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The misuse catalogue: distinct ways to use the API, the files and the {@code tessera} command line wrongly, each
 * asserting the exception type (for the command line: a non-zero exit status and exactly one stderr line), the key
 * words of its message (the operation, the shapes or values, what was expected), and that no file in the working
 * directory was created, removed or changed (SHA-256 of the whole tree before and after).
 */
class MisuseCatalogueTest {
    private static final Device CPU = Device.cpu();
    private static final TensorOptions F32 = new TensorOptions(CPU, DType.FLOAT32, new Generator(1));
    @TempDir
    Path dir;
    private Path weights;
    private Path checkpoint;
    private Path csv;
    private Path idx;
    private Path npy;
    private Path trained;

    /** Something the catalogue expects to fail. */
    interface Action {
        void run() throws Exception;
    }

    /**
     * One misuse.
     *
     * @param name   what the user does wrong
     * @param type   the exception it must raise (or a subclass)
     * @param words  text the message must contain
     * @param action the misuse
     */
    record Misuse(String name, Class<? extends Throwable> type, List<String> words, Action action) {
    }

    @BeforeEach
    void files() throws IOException {
        weights = dir.resolve("weights.safetensors");
        Safetensors.write(weights, Map.of("w", Tensor.ones(Shape.of(2, 2), DType.FLOAT32, CPU)), Map.of());
        Sequential m = new Sequential(new Linear(3, 2, true, F32));
        checkpoint = dir.resolve("run.safetensors");
        Checkpoint.save(checkpoint, m, new Adam(m.namedParameters(), 0.1), LrSchedule.constant(), Map.of(), Map.of());
        csv = dir.resolve("iris.csv");
        Files.writeString(csv, "sepal,petal,species\n1.0,2.0,setosa\n3.0,4.0,virginica\n");
        idx = dir.resolve("labels.idx");
        Files.write(idx, FileBytes.idx(0x08, new int[]{4}, 4));
        npy = dir.resolve("array.npy");
        Npy.write(npy, NpyArray.of(new float[]{1, 2, 3}, 3));
    }

    private static Tensor t(int... shape) {
        return Tensor.ones(Shape.of(shape), DType.FLOAT32, CPU);
    }

    private static Misuse m(String name, Class<? extends Throwable> type, Action action, String... words) {
        return new Misuse(name, type, List.of(words), action);
    }

    private List<Misuse> catalogue() {
        List<Misuse> c = new ArrayList<>();
        tensorCases(c);
        lifetimeAndDeviceCases(c);
        trainingCases(c);
        fileCases(c);
        commandLineCases(c);
        return c;
    }

    /**
     * A failed {@code tessera} command line: the exit status and its one stderr line, as the message, for the
     * catalogue's key-word check.
     */
    static final class CommandFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CommandFailed(int code, String line) {
            super("exit " + code + ": " + line);
        }
    }

    /**
     * Runs {@code tessera args} in-process; it must exit non-zero with exactly one line on stderr, and hold no more
     * CPU memory afterwards than before (a failed command frees what it allocated).
     */
    private static void tessera(String... args) throws CommandFailed {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        long before = CPU.memoryStats().bytesInUse();
        int code = Main.run(new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8), args);
        long after = CPU.memoryStats().bytesInUse();
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        if (code == 0 || lines.size() != 1) {
            throw new AssertionError("tessera " + String.join(" ", args) + ": expected a non-zero exit and one stderr"
                    + " line, got exit " + code + " and:\n" + String.join("\n", lines));
        }
        if (after > before) {
            throw new AssertionError("tessera " + String.join(" ", args) + " failed but left " + (after - before)
                    + " more bytes in use on the CPU");
        }
        throw new CommandFailed(code, lines.get(0));
    }

    /** A trained model folder (model.safetensors, config.json) made by {@code tessera train} on the digits. */
    private Path trainModel() throws IOException {
        Path run = dir.resolve("run");
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        java.io.PrintStream p = new java.io.PrintStream(sink, true, StandardCharsets.UTF_8);
        int code = Main.run(p, p, "train", "--dataset", "digits", "--model", "mlp:16", "--epochs", "1", "--out",
                run.toString());
        assertEquals(0, code, sink.toString(StandardCharsets.UTF_8));
        return run;
    }

    /** A copy of the trained model folder with one file replaced. */
    private Path variant(String name, String file, byte[] content) throws IOException {
        Path v = dir.resolve(name);
        Files.createDirectories(v);
        for (String f : new String[]{"model.safetensors", "config.json"}) {
            Files.copy(trained.resolve(f), v.resolve(f));
        }
        Files.write(v.resolve(file), content);
        return v;
    }

    private void commandLineFiles() throws IOException {
        trained = trainModel();
        byte[] weights = Files.readAllBytes(trained.resolve("model.safetensors"));
        weights[weights.length - 3] ^= 0x10;
        variant("run-damaged", "model.safetensors", weights);
        String config = Files.readString(trained.resolve("config.json"));
        assertTrue(config.contains("\"mlp:16\""), config);
        variant("run-other", "config.json", config.replace("\"mlp:16\"", "\"mlp:8\"").getBytes(StandardCharsets.UTF_8));
        variant("run-garbled", "config.json", "{\"model\": mlp".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("ragged.csv"), "a,b,label\n1,2,0\n3,4\n5,6,1\n");
        StringBuilder narrow = new StringBuilder("a,b,c,label\n");
        for (int r = 0; r < 40; r++) {
            narrow.append(r).append(',').append(r % 3).append(',').append(r % 5).append(',').append(r % 2)
                    .append('\n');
        }
        Files.writeString(dir.resolve("narrow.csv"), narrow);
        Path idxDir = dir.resolve("idx");
        Files.createDirectories(idxDir);
        Files.write(idxDir.resolve("train-images-idx3-ubyte"), FileBytes.truncate(FileBytes.idx(0x08,
                new int[]{10, 2, 2}, 40), 30));
        Files.write(idxDir.resolve("train-labels-idx1-ubyte"), FileBytes.idx(0x08, new int[]{10}, 10));
        Files.write(idxDir.resolve("t10k-images-idx3-ubyte"), FileBytes.idx(0x08, new int[]{4, 2, 2}, 16));
        Files.write(idxDir.resolve("t10k-labels-idx1-ubyte"), FileBytes.idx(0x08, new int[]{4}, 4));
    }

    private void commandLineCases(List<Misuse> c) {
        String out = dir.resolve("out").toString();
        c.add(m("tessera train on a CSV file with a ragged row", CommandFailed.class,
                () -> tessera("train", "--dataset", "csv:" + dir.resolve("ragged.csv"), "--out", out),
                "exit 1: tessera train: ", "ragged.csv", "line 3 has 2 fields"));
        c.add(m("tessera train on an IDX folder with a truncated file", CommandFailed.class,
                () -> tessera("train", "--dataset", "idx:" + dir.resolve("idx"), "--out", out),
                "exit 1: tessera train: ", "train-images-idx3-ubyte", "(truncated)"));
        c.add(m("tessera train with an epoch count that is not a number", CommandFailed.class,
                () -> tessera("train", "--epochs", "abc", "--out", out), "exit 2: tessera train: ", "'abc'"));
        c.add(m("tessera train on a malformed device", CommandFailed.class,
                () -> tessera("train", "--device", "cuda:zero", "--out", out), "exit 1: tessera train: ",
                "cuda:zero", "name:index"));
        c.add(m("tessera evaluate with damaged weights", CommandFailed.class,
                () -> tessera("evaluate", "--model", dir.resolve("run-damaged").toString()),
                "exit 1: tessera evaluate: ", "run-damaged", "model.safetensors", "damaged"));
        c.add(m("tessera evaluate with weights of another architecture", CommandFailed.class,
                () -> tessera("evaluate", "--model", dir.resolve("run-other").toString()),
                "exit 1: tessera evaluate: ", "does not fit the model", "[8, 64]"));
        c.add(m("tessera evaluate with a garbled config.json", CommandFailed.class,
                () -> tessera("evaluate", "--model", dir.resolve("run-garbled").toString()),
                "exit 1: tessera evaluate: ", "config.json"));
        c.add(m("tessera evaluate on data of another width", CommandFailed.class,
                () -> tessera("evaluate", "--model", trained.toString(), "--dataset",
                        "csv:" + dir.resolve("narrow.csv")), "exit 1: tessera evaluate: ", "3 features",
                "64 features"));
    }

    private void tensorCases(List<Misuse> c) {
        c.add(m("matmul with mismatched inner dimensions", IllegalArgumentException.class,
                () -> t(2, 3).matmul(t(4, 5)), "matmul", "inner dimensions", "[2, 3]", "[4, 5]"));
        c.add(m("add of shapes that do not broadcast", IllegalArgumentException.class,
                () -> t(2, 3).add(t(4)), "add", "[2, 3]", "[4]"));
        c.add(m("reshape to another element count", IllegalArgumentException.class,
                () -> t(2, 3).reshape(4), "reshape", "[2, 3]", "4"));
        c.add(m("use of a closed tensor", TensorClosedException.class, () -> {
            Tensor x = t(2);
            x.close();
            x.add(1);
        }, "closed"));
        c.add(m("item() of a vector", IllegalArgumentException.class, () -> t(3).item(), "item", "[3]",
                "exactly one"));
        c.add(m("get() outside the shape", IndexOutOfBoundsException.class, () -> t(2, 3).get(1, 3), "get",
                "index 3", "axis 1", "size 3"));
        c.add(m("backward() of a non-scalar without a gradient", IllegalArgumentException.class,
                () -> t(3).requiresGrad(true).mul(2).backward(), "backward", "[3]"));
        c.add(m("backward() of a tensor outside any graph", IllegalStateException.class,
                () -> t(1).mul(2).sum().backward(), "backward", "requires"));
        c.add(m("in-place write to a parameter while recording", IllegalStateException.class,
                () -> t(2).requiresGrad(true).addInPlace(1), "addInPlace", "requires grad", "noGrad"));
        c.add(m("an input changed in place before backward", IllegalStateException.class, () -> {
            Tensor w = t(3).requiresGrad(true);
            Tensor x = t(3);
            Tensor y = w.mul(x).sum();
            x.addInPlace(1);
            y.backward();
        }, "modified"));
        c.add(m("cross-entropy with a label out of range", IndexOutOfBoundsException.class,
                () -> t(2, 3).softmaxCrossEntropy(Tensor.of(CPU, new int[]{0, 5}, 2), null, 0),
                "softmaxCrossEntropy", "label 5", "[0, 3)"));
        c.add(m("gather with an index out of range", IndexOutOfBoundsException.class,
                () -> t(2, 3).gather(1, Tensor.of(CPU, new int[]{0, 7}, 2, 1)), "gather", "7"));
        c.add(m("an op across two devices", IllegalArgumentException.class,
                () -> t(2).add(Tensor.ones(Shape.of(2), DType.FLOAT32, Device.of("reference"))), "add", "cpu",
                "reference"));
        c.add(m("a sum over an axis the tensor lacks", IllegalArgumentException.class, () -> t(2, 3).sum(5), "5",
                "[2, 3]"));
        c.add(m("clamp with low above high", IllegalArgumentException.class, () -> t(2).clamp(1, 0), "clamp",
                "greater than"));
        c.add(m("bernoulli with p outside [0, 1]", IllegalArgumentException.class,
                () -> Tensor.bernoulli(new Generator(1), 1.5, Shape.of(2), DType.FLOAT32, CPU), "bernoulli", "1.5"));
        c.add(m("Tensor.of with a shape that does not fit the data", IllegalArgumentException.class,
                () -> Tensor.of(CPU, new float[6], 4), "6", "[4]"));
        c.add(m("transpose of an axis the tensor lacks", IllegalArgumentException.class,
                () -> t(2, 3).transpose(0, 4), "transpose", "4"));
        c.add(m("anomaly mode: log of a negative number", ArithmeticException.class, () -> {
            Tessera.setAnomalyDetection(true);
            try {
                Tensor.full(-1, Shape.of(2), DType.FLOAT32, CPU).requiresGrad(true).log();
            } finally {
                Tessera.setAnomalyDetection(false);
            }
        }, "anomaly", "log", "NaN", "[2]"));
    }

    private void lifetimeAndDeviceCases(List<Misuse> c) {
        c.add(m("a scope closed on another thread", IllegalStateException.class, () -> {
            Scope s = Scope.open();
            try {
                CompletableFuture.runAsync(s::close).join();
            } catch (java.util.concurrent.CompletionException e) {
                throw (Exception) e.getCause();
            } finally {
                s.close();
            }
        }, "Scope.close", "thread"));
        c.add(m("scopes closed outermost first", IllegalStateException.class, () -> {
            Scope outer = Scope.open();
            Scope inner = Scope.open();
            try {
                outer.close();
            } finally {
                inner.close();
                outer.close();
            }
        }, "innermost first"));
        c.add(m("an unknown backend", DeviceUnavailableException.class, () -> Device.of("tpu:0"),
                "no backend named 'tpu'", "available"));
        c.add(m("a malformed device spec", DeviceUnavailableException.class, () -> Device.of("cpu:first"),
                "cpu:first", "name:index"));
        c.add(m("a device index that does not exist", DeviceUnavailableException.class, () -> Device.of("cpu:3"),
                "cpu:3", "one device"));
    }

    private void trainingCases(List<Misuse> c) {
        c.add(m("a Linear layer with no inputs", IllegalArgumentException.class, () -> new Linear(0, 3, true, F32),
                "Linear", "> 0", "0"));
        c.add(m("a model fed the wrong width", IllegalArgumentException.class,
                () -> new Linear(4, 3, true, F32).forward(t(2, 5)), "[2, 5]", "[3, 4]"));
        c.add(m("Adam with a negative learning rate", IllegalArgumentException.class,
                () -> new Adam(new Linear(2, 2, true, F32).namedParameters(), -0.1), "Adam", "lr", "-0.1"));
        c.add(m("an optimizer over no parameters", IllegalArgumentException.class,
                () -> new SGD(Map.of(), 0.1, 0), "SGD", "nothing to optimize"));
        c.add(m("a state dict missing a key", IllegalArgumentException.class, () -> {
            Linear l = new Linear(2, 2, true, F32);
            l.loadStateDict(Map.of("weight", t(2, 2)));
        }, "loadStateDict", "missing: [bias]"));
        c.add(m("a state dict with a wrong shape", IllegalArgumentException.class, () -> {
            Linear l = new Linear(2, 2, true, F32);
            l.loadStateDict(Map.of("weight", t(2, 3), "bias", t(2)));
        }, "'weight' has shape [2, 3]", "expects [2, 2]"));
        c.add(m("a generator offset that is not a multiple of 4", IllegalArgumentException.class,
                () -> new Generator(1).setOffset(6), "setOffset", "multiple of 4", "6"));
        c.add(m("batches of inputs and targets of different lengths", IllegalArgumentException.class,
                () -> new TensorBatches(t(5, 2), t(4), 2, false, false), "TensorBatches", "[5, 2]", "[4]"));
        c.add(m("a trainer without a model", IllegalArgumentException.class,
                () -> new Trainer(null, new MSELoss(), null, null, TrainerConfig.builder().build()), "Trainer",
                "null"));
        c.add(m("a trainer for zero epochs", IllegalArgumentException.class,
                () -> TrainerConfig.builder().epochs(0), "epochs", "0"));
        c.add(m("a loss of mismatched shapes", IllegalArgumentException.class,
                () -> new MSELoss().compute(t(2, 3), t(3, 2)), "MSE", "[3, 2]", "[2, 3]"));
        c.add(m("cross-entropy against float labels", IllegalArgumentException.class,
                () -> new CrossEntropyLoss().compute(t(2, 3), t(2)), "INT32", "FLOAT32"));
    }

    private void fileCases(List<Misuse> c) {
        c.add(m("a CSV file read as safetensors", SafetensorsFormatException.class,
                () -> Safetensors.read(csv, CPU), "iris.csv"));
        c.add(m("a plain weights file read as a checkpoint", IllegalArgumentException.class,
                () -> Checkpoint.read(weights, CPU), "weights.safetensors", "not a Tessera checkpoint"));
        c.add(m("a checkpoint restored into another architecture", IllegalArgumentException.class, () -> {
            Sequential other = new Sequential(new Linear(3, 4, true, F32));
            try (Checkpoint ck = Checkpoint.read(checkpoint, CPU)) {
                ck.restore(other, new Adam(other.namedParameters(), 0.1), LrSchedule.constant());
            }
        }, "run.safetensors", "does not fit the model", "'0.weight' has shape [2, 3]"));
        c.add(m("a safetensors file read as .npy", IOException.class, () -> Npy.read(weights),
                "weights.safetensors", "not a .npy file"));
        c.add(m("a .npy file read as IDX", IOException.class, () -> IdxReader.read(npy), "array.npy",
                "two zero bytes"));
        c.add(m("an IDX file loaded as a tensor from .npy", IOException.class, () -> Npy.readTensor(idx, CPU),
                "labels.idx", "not a .npy file"));
        c.add(m("a CSV dataset with an unknown label column", IOException.class,
                () -> CsvDataset.load(csv, "label", TargetKind.CLASS), "iris.csv", "no column 'label'", "species"));
        c.add(m("a closed tensor written over an existing file", IllegalArgumentException.class, () -> {
            Tensor x = t(2);
            x.close();
            Safetensors.write(weights, Map.of("w", x), Map.of());
        }, "tensor \"w\" is closed"));
        c.add(m("the reserved name __metadata__ written over an existing file", IllegalArgumentException.class,
                () -> Safetensors.write(weights, Map.of("__metadata__", t(2)), Map.of()), "__metadata__"));
        c.add(m("safetensors written into a missing directory", IOException.class,
                () -> Safetensors.write(dir.resolve("missing/w.safetensors"), Map.of("w", t(2)), Map.of()),
                "missing", "cannot write w.safetensors there: the directory does not exist"));
        c.add(m(".npy written into a missing directory", IOException.class,
                () -> Npy.write(dir.resolve("missing/a.npy"), NpyArray.of(new float[]{1}, 1)),
                "missing", "cannot write a.npy there: the directory does not exist"));
        c.add(m(".npy written as format version 4 over an existing file", IllegalArgumentException.class,
                () -> Npy.write(npy, NpyArray.of(new float[]{9}, 1), 4), "Npy.write", "version", "4"));
        c.add(m("a trainer resuming from a missing file", UncheckedIOException.class, () -> {
            Sequential mm = new Sequential(new Linear(2, 2, true, F32));
            Path missing = dir.resolve("nope.safetensors");
            new Trainer(mm, new CrossEntropyLoss(), new Adam(mm.namedParameters(), 0.1), null,
                    TrainerConfig.builder().epochs(1).resumeFrom(missing).build())
                    .fit(new TensorBatches(t(4, 2), Tensor.of(CPU, new int[]{0, 1, 0, 1}, 4), 2, false, false),
                            null);
        }, "cannot resume", "NoSuchFileException", "nope.safetensors"));
        c.add(m("a trainer writing checkpoints under a file", UncheckedIOException.class, () -> {
            Sequential mm = new Sequential(new Linear(2, 2, true, F32));
            new Trainer(mm, new CrossEntropyLoss(), new Adam(mm.namedParameters(), 0.1), null,
                    TrainerConfig.builder().epochs(1).checkpoints(csv, 1).build())
                    .fit(new TensorBatches(t(4, 2), Tensor.of(CPU, new int[]{0, 1, 0, 1}, 4), 2, false, false),
                            null);
        }, "cannot write checkpoint", "FileAlreadyExistsException", "iris.csv"));
        c.add(m("a checkpoint restored into a model without biases", IllegalArgumentException.class, () -> {
            Sequential other = new Sequential(new Linear(3, 2, false, F32));
            try (Checkpoint ck = Checkpoint.read(checkpoint, CPU)) {
                ck.restore(other, new Adam(other.namedParameters(), 0.1), LrSchedule.constant());
            }
        }, "does not fit the model", "unexpected: [0.bias]"));
    }

    @TestFactory
    Stream<DynamicTest> everyMisuseFailsClearlyAndChangesNoFile() throws IOException {
        commandLineFiles();
        return catalogue().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Map<String, String> before = Checksums.ofTree(dir);
            Throwable thrown = null;
            try (Scope s = Scope.open(); GradMode.Guard g = GradMode.enableGrad()) {
                c.action().run();
            } catch (Throwable e) {
                thrown = e;
            }
            if (thrown == null || !c.type().isInstance(thrown)) {
                throw new AssertionError(c.name() + ": expected " + c.type().getSimpleName() + ", got " + thrown,
                        thrown);
            }
            String msg = String.valueOf(thrown.getMessage());
            for (String w : c.words()) {
                assertTrue(msg.contains(w), c.name() + ": the message lacks \"" + w + "\": " + msg);
            }
            assertEquals(before, Checksums.ofTree(dir), c.name() + ": files changed");
            System.out.println(c.name() + " -> " + thrown.getClass().getSimpleName() + ": " + msg);
        }));
    }

    @Test
    void theCatalogueHoldsAtLeastThirtyDistinctCases() {
        List<Misuse> all = catalogue();
        Map<String, Integer> names = new HashMap<>();
        all.forEach(c -> names.merge(c.name(), 1, Integer::sum));
        names.forEach((k, v) -> assertEquals(1, v, "duplicate case name " + k));
        assertTrue(all.size() >= 30, "only " + all.size() + " cases");
        System.out.println("misuse catalogue: " + all.size() + " cases");
    }
}
