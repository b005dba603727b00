package dev.tessera.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Autocast;
import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Generator;
import dev.tessera.MatmulPrecision;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.nn.Linear;
import dev.tessera.nn.ReLU;
import dev.tessera.nn.Sequential;
import dev.tessera.nn.TensorOptions;
import dev.tessera.optim.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrainerConfig#precision()}: BF16 and FP16 autocast with FP32 master weights, the GradScaler's state in
 * checkpoints, TF32 ignored on CPU-side backends, and the one-line error on a device without half storage.
 */
class MixedPrecisionTest {
    private static final Device REF = Device.of("reference");
    @TempDir
    Path dir;

    /** 96 examples of 4 features; the label is the largest of the first three. */
    private static BatchSource data(Device device) {
        Tensor x = Scope.persist(Tensor.normal(new Generator(5), 0, 1, Shape.of(96, 4), DType.FLOAT32, device));
        Tensor y = Scope.persist(x.slice(1, 0, 3).argmax(1));
        return new TensorBatches(x, y, 16, true, false);
    }

    private static Trainer trainer(Sequential model, TrainerConfig.Builder config) {
        return new Trainer(model, new CrossEntropyLoss(), new Adam(model.namedParameters(), 1e-2), null,
                config.build());
    }

    private static Sequential model(Device device) {
        TensorOptions o = new TensorOptions(device, DType.FLOAT32, new Generator(7));
        return new Sequential(new Linear(4, 16, true, o), new ReLU(), new Linear(16, 3, true, o));
    }

    private static double[] flat(List<Tensor> params) {
        return params.stream().flatMapToDouble(p -> java.util.Arrays.stream(p.toDoubleArray())).toArray();
    }

    @Test
    void bf16TrainsFloat32MasterWeightsCloseToFp32() {
        BatchSource train = data(REF);
        Sequential fp32 = model(REF);
        Sequential bf16 = model(REF);
        TrainingHistory h32 = trainer(fp32, TrainerConfig.builder().epochs(6).seed(1)).fit(train, null);
        TrainingHistory h16 = trainer(bf16, TrainerConfig.builder().epochs(6).seed(1).precision(Precision.BF16))
                .fit(train, null);
        for (Tensor p : bf16.parameters()) {
            assertEquals(DType.FLOAT32, p.dtype(), "parameters stay FLOAT32");
        }
        assertTrue(h16.last().trainLoss() < 0.7 * h16.epochs().get(0).trainLoss(), "bf16 training learns");
        double[] a = flat(fp32.parameters());
        double[] b = flat(bf16.parameters());
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        }
        assertTrue(maxDiff > 0, "bf16 autocast changed the arithmetic");
        assertTrue(maxDiff < 0.05, "bf16 stays close to fp32, max parameter difference " + maxDiff);
        assertEquals(h32.last().trainLoss(), h16.last().trainLoss(), 0.05);
    }

    @Test
    void tf32OnACpuSideBackendIsExactlyFp32() {
        BatchSource train = data(REF);
        Sequential fp32 = model(REF);
        Sequential tf32 = model(REF);
        trainer(fp32, TrainerConfig.builder().epochs(2).seed(1)).fit(train, null);
        try {
            trainer(tf32, TrainerConfig.builder().epochs(2).seed(1).precision(Precision.TF32)).fit(train, null);
            assertEquals(MatmulPrecision.HIGH, Tessera.float32MatmulPrecision(), "tf32 allows TF32 products");
        } finally {
            Tessera.setFloat32MatmulPrecision(MatmulPrecision.HIGHEST);
        }
        assertArrayEquals(flat(fp32.parameters()), flat(tf32.parameters()), 0.0);
    }

    @Test
    void fp16CheckpointsAndResumesTheLossScale() throws IOException {
        BatchSource train = data(REF);
        Path last = dir.resolve(Trainer.CHECKPOINT_FILE);
        trainer(model(REF), TrainerConfig.builder().epochs(2).seed(1).precision(Precision.FP16)
                .checkpoints(dir, 1)).fit(train, null);
        try (Checkpoint c = Checkpoint.read(last, REF)) {
            assertEquals("65536.0", c.metadata().get("grad_scaler.scale"));
            assertEquals("12", c.metadata().get("grad_scaler.growth_tracker"), "6 finite steps per epoch");
        }
        trainer(model(REF), TrainerConfig.builder().epochs(3).seed(1).precision(Precision.FP16)
                .checkpoints(dir, 1).resumeFrom(last)).fit(train, null);
        try (Checkpoint c = Checkpoint.read(last, REF)) {
            assertEquals("18", c.metadata().get("grad_scaler.growth_tracker"), "the resumed run continued the count");
        }
        trainer(model(REF), TrainerConfig.builder().epochs(1).seed(1).checkpoints(dir, 1)).fit(train, null);
        try (Checkpoint c = Checkpoint.read(last, REF)) {
            assertFalse(c.metadata().containsKey("grad_scaler.scale"), "fp32 has no scaler");
        }
    }

    @Test
    void aDeviceWithoutHalfStorageFailsInOneLineNamingDeviceAndType() {
        Device noHalf = NoHalfProvider.device();
        Sequential model = model(noHalf);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(model, TrainerConfig.builder().precision(Precision.BF16)));
        assertEquals("precision bf16: device nohalf:0 cannot store BFLOAT16 tensors (use --precision fp32 there)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> trainer(model, TrainerConfig.builder()
                .precision(Precision.FP16)));
        trainer(model, TrainerConfig.builder().epochs(1)).fit(data(noHalf), null);
        try (Scope s = Scope.open(); Autocast a = Autocast.enable(DType.BFLOAT16)) {
            Tensor x = Tensor.ones(Shape.of(2, 4), DType.FLOAT32, noHalf);
            IllegalStateException lower = assertThrows(IllegalStateException.class,
                    () -> x.matmul(x.transpose(0, 1)));
            assertTrue(lower.getMessage().startsWith("autocast BFLOAT16: device nohalf:0 cannot store BFLOAT16"),
                    lower.getMessage());
        }
    }

    @Test
    void precisionNamesParseAndBadOnesAreNamed() {
        assertEquals(Precision.BF16, Precision.parse(" BF16 "));
        assertEquals("tf32", Precision.TF32.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp8"));
        assertEquals("precision: 'fp8' is not one of [fp32, bf16, fp16, tf32]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().precision(null));
    }
}
