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
 * The misuse catalogue: distinct ways to use the API and the files wrongly, each asserting the exception type, the
 * key words of its message (the operation, the shapes or values, what was expected), and that no file in the working
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
        return c;
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
    Stream<DynamicTest> everyMisuseFailsClearlyAndChangesNoFile() {
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
