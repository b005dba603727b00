package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.ConvShape;
import dev.tessera.DType;
import dev.tessera.backend.AdamConfig;
import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.Gemm;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.Operand;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.SgdConfig;
import dev.tessera.backend.StepScalars;
import dev.tessera.backend.UnaryOp;
import dev.tessera.backend.fused.BiasActivationFamily;
import dev.tessera.backend.fused.ConvFamily;
import dev.tessera.backend.fused.FusedCatalog;
import dev.tessera.backend.fused.FusedKernel;
import dev.tessera.backend.fused.FusedKernels;
import dev.tessera.backend.fused.FusedOp;
import dev.tessera.backend.fused.PoolFamily;
import dev.tessera.backend.fused.RecurrentFamily;
import dev.tessera.backend.fused.SoftmaxFamily;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Argument marshalling without a GPU: every op class is run against a {@link RecordingStream}, and every launch it
 * makes is checked against the CUDA sources and the built PTX. The kernel must be an entry of the PTX, the fields
 * written must be exactly the fields of the kernel's argument struct in the .cu file (names, order, array sizes),
 * and their bytes must equal the parameter size the PTX declares.
 */
class KernelMarshallingTest {
    private static final CudaSources SOURCES = CudaSources.load();
    private static final Map<String, Integer> PTX = PtxResources.built() ? PtxResources.allEntries() : Map.of();
    private static final Set<String> LAUNCHED = new HashSet<>();

    private final RecordingStream s = new RecordingStream(132);
    /** The generic launches of the descriptors with a kernel grid, for the kernels the CUDA sources define. */
    private final FusedKernels launched = FusedKernels.builder()
            .registerLaunched(FusedCatalog.ALL, SOURCES.kernelStructs::containsKey, new DescriptorLauncher(s))
            .build();

    @AfterEach
    void everyLaunchMatchesItsStruct() {
        for (RecordingStream.Launch l : s.launches) {
            if (!PTX.isEmpty()) {
                assertTrue(PTX.containsKey(l.kernel()), l.kernel() + " is not an entry of the built PTX");
            }
            String struct = SOURCES.kernelStructs.get(CudaSources.baseName(l.kernel()));
            assertTrue(struct != null, "no kernel " + l.kernel() + " in the CUDA sources");
            assertEquals(SOURCES.fields(struct), l.fields(), l.kernel() + " writes the fields of " + struct);
            if (!PTX.isEmpty()) {
                assertEquals(PTX.get(l.kernel()), l.slots().length * 8, l.kernel() + ": PTX parameter bytes");
            }
            LAUNCHED.add(l.kernel());
        }
        assertTrue(s.live.isEmpty(), "scratch buffers released: " + s.live);
    }

    /**
     * The other direction: a kernel template of the PTX (its name without the dtype suffixes) that no op class
     * launches is dead code, or lacks a marshalling test here.
     */
    @AfterAll
    static void everyKernelTemplateOfThePtxIsLaunched() {
        Set<String> unlaunched = new TreeSet<>();
        PTX.keySet().forEach(k -> unlaunched.add(CudaSources.baseName(k)));
        LAUNCHED.forEach(k -> unlaunched.remove(CudaSources.baseName(k)));
        assertTrue(unlaunched.isEmpty(), "PTX kernel templates no marshalling test launches: " + unlaunched);
    }

    /** Runs {@code op}'s generic launch on {@code args}. */
    private <A extends Record> void launch(FusedOp<A> op, A args) {
        FusedKernel<A> kernel = launched.find(op);
        assertTrue(kernel != null, op.name() + " declares kernels " + op.kernels() + " that the CUDA sources lack");
        kernel.run(null, args);
    }

    /**
     * Both directions of the name convention: every descriptor with a kernel grid has its kernels in the .cu files,
     * and every descriptor whose kernels are there is launched generically (conv, recurrent, softmax families).
     */
    @Test
    void everyDescriptorWithAGridIsLaunchedByName() {
        for (FusedOp<?> op : FusedCatalog.ALL) {
            for (String kernel : op.kernels()) {
                assertTrue(SOURCES.kernelStructs.containsKey(kernel), op.name() + ": no kernel " + kernel + " in .cu");
            }
            assertEquals(!op.kernels().isEmpty(), launched.registered().contains(op), op.name());
        }
        assertEquals(11, launched.registered().size(), "softmax 2, cross-entropy 2, conv 3, pooling 2, cell steps 2");
    }

    private Operand dense(CudaBuffer b, int... shape) {
        return Operand.contiguous(b, shape);
    }

    @Test
    void copiesCastsAndFills() {
        ElementwiseOps ops = new ElementwiseOps(s);
        CudaBuffer f = s.buffer(DType.FLOAT32, 42);
        CudaBuffer d = s.buffer(DType.FLOAT64, 42);
        CudaBuffer i = s.buffer(DType.INT32, 42);
        ops.copy(Operand.view(f, 0, new long[]{1, 6}), dense(d, 6, 7), new int[]{6, 7});
        ops.copy(dense(i, 42), dense(f, 42), new int[]{42});
        ops.copy(Operand.constant(-2.5), Operand.view(d, 0, new long[]{1, 7}), new int[]{7, 6});
        assertEquals(List.of("copy_f32_f64", "copy_i32_f32", "copy_f64_f64"),
                s.launches.stream().map(RecordingStream.Launch::kernel).toList());
        assertEquals(1, s.launches.get(1).value("it.vectorized"), "int -> float: same width, vector path");
        assertEquals(0, s.launches.get(0).value("it.vectorized"));
        assertEquals(-2.5, Double.longBitsToDouble(s.launches.get(2).value("src.constant")));
        assertEquals(0, s.launches.get(2).value("src.ptr"), "a fill reads a constant");
        ops.copy(dense(f, 42), dense(f, 42), new int[]{42});
        ops.copy(Operand.constant(1.5), dense(f, 42), new int[]{42});
        ops.copy(Operand.constant(-2.5), dense(i, 42), new int[]{42});
        assertEquals(List.of("copy 168 bytes from " + f.address(0) + " to " + f.address(0),
                "fill32 42 x 0x3fc00000 at " + f.address(0), "fill32 42 x 0xfffffffe at " + i.address(0)),
                s.memoryOps, "dense same-type copies are memcpys, dense 32-bit fills memsets (INT32 truncates)");
    }

    @Test
    void unaryBinaryAndWhere() {
        ElementwiseOps ops = new ElementwiseOps(s);
        CudaBuffer x = s.buffer(DType.FLOAT32, 100);
        CudaBuffer y = s.buffer(DType.FLOAT32, 100);
        CudaBuffer n = s.buffer(DType.INT32, 33);
        CudaBuffer m = s.buffer(DType.INT32, 11);
        CudaBuffer g = s.buffer(DType.FLOAT64, 100);
        ops.unary(UnaryOp.GELU, 0, dense(x, 100), dense(y, 100), new int[]{100});
        ops.unary(UnaryOp.ABS, 0, dense(n, 33), dense(n, 33), new int[]{33});
        ops.unaryBackward(UnaryOp.ELU, 1.3, g, g, g, g, 100);
        ops.binary(BinaryOp.GE, dense(n, 3, 11), Operand.view(m, 0, new long[]{0, 1}), dense(n, 3, 11),
                new int[]{3, 11});
        ops.where(dense(x, 100), Operand.constant(1), dense(y, 100), dense(y, 100), new int[]{100});
        RecordingStream.Launch unary = s.launches.get(0);
        assertEquals("unary_f32", unary.kernel());
        assertEquals(UnaryOp.GELU.ordinal(), unary.value("op"));
        assertEquals("unary_i32", s.launches.get(1).kernel());
        RecordingStream.Launch back = s.launches.get(2);
        assertEquals("unary_backward_f64", back.kernel());
        assertEquals(1.3, back.doubleValue("alpha"));
        RecordingStream.Launch bin = s.launches.get(3);
        assertEquals("binary_i32", bin.kernel());
        assertEquals(BinaryOp.GE.ordinal(), bin.value("op"));
        assertEquals(2, bin.value("it.rank"));
        assertEquals("where_f32", s.launches.get(4).kernel());
    }

    @Test
    void reductionsOfRowsSplitRowsAndColumns() {
        ReduceOps ops = new ReduceOps(s);
        CudaBuffer src = s.buffer(DType.FLOAT32, 1 << 20);
        CudaBuffer dst = s.buffer(DType.INT32, 1 << 10);
        ops.reduce(ReduceOp.ARGMAX, src, dst, 100, 200, 1);
        ops.reduce(ReduceOp.SUM, src, dst, 1, 1 << 20, 1);
        ops.reduce(ReduceOp.MIN, src, dst, 4, 256, 1024);
        ops.reduce(ReduceOp.SUM, src, dst, 0, 5, 1);
        assertEquals(List.of("reduce_rows_f32", "reduce_rows_f32", "reduce_finish_f32", "reduce_cols_f32"),
                s.launches.stream().map(RecordingStream.Launch::kernel).toList(), "an empty output launches nothing");
        RecordingStream.Launch split = s.launches.get(1);
        long splits = split.value("splits");
        assertEquals(split.config().gridY(), splits);
        assertTrue(split.value("partialValue") != 0 && split.value("partialIndex") != 0);
        assertEquals(split.value("partialValue"), s.launches.get(2).value("partialValue"));
        assertEquals(0, s.launches.get(0).value("partialValue"), "unsplit rows need no partials");
    }

    @Test
    void indexingAndRandomDraws() {
        IndexOps ops = new IndexOps(s);
        CudaBuffer data = s.buffer(DType.FLOAT64, 60);
        CudaBuffer idx = s.buffer(DType.INT32, 12);
        ops.index(IndexOp.SCATTER_ADD, data, idx, data, 3, 5, 4, 1);
        ops.random(RandomDistribution.NORMAL, data, 60, 0xC0FFEEL, 8, -1.5, 2.25);
        ops.random(RandomDistribution.UNIFORM, s.buffer(DType.INT32, 5), 5, 1, 0, 0, 10);
        assertEquals(List.of("index_f64", "random_f64", "random_i32"),
                s.launches.stream().map(RecordingStream.Launch::kernel).toList());
        assertEquals(IndexOp.SCATTER_ADD.ordinal(), s.launches.get(0).value("op"));
        assertEquals(30, s.launches.get(1).value("blocks"), "60 normals need 120 words: 30 blocks");
        assertEquals(0xC0FFEEL, s.launches.get(1).value("seed"));
    }

    @Test
    void philoxBlockCountsFollowTheWordLayout() {
        assertEquals(1, IndexOps.philoxBlocks(RandomDistribution.UNIFORM, 0, 1));
        assertEquals(1, IndexOps.philoxBlocks(RandomDistribution.UNIFORM, 0, 4));
        assertEquals(2, IndexOps.philoxBlocks(RandomDistribution.UNIFORM, 0, 5));
        assertEquals(2, IndexOps.philoxBlocks(RandomDistribution.UNIFORM, 3, 2), "words 3 and 4: two blocks");
        assertEquals(2, IndexOps.philoxBlocks(RandomDistribution.NORMAL, 0, 3), "first words 0, 2, 4");
        assertEquals(1, IndexOps.philoxBlocks(RandomDistribution.NORMAL, 1, 2), "first words 1 and 3");
        assertEquals(1, IndexOps.philoxBlocks(RandomDistribution.BERNOULLI, 1L << 40, 4));
    }

    @Test
    void softmaxAndCrossEntropy() {
        CudaBuffer x = s.buffer(DType.FLOAT32, 330);
        CudaBuffer labels = s.buffer(DType.INT32, 33);
        CudaBuffer w = s.buffer(DType.FLOAT32, 10);
        CudaBuffer loss = s.buffer(DType.FLOAT32, 33);
        launch(SoftmaxFamily.SOFTMAX, new SoftmaxFamily.Softmax(x, x, 33, 10, 1, true));
        launch(SoftmaxFamily.SOFTMAX, new SoftmaxFamily.Softmax(x, x, 3, 10, 11, false));
        launch(SoftmaxFamily.SOFTMAX_BACKWARD, new SoftmaxFamily.SoftmaxBackward(x, x, x, 33, 10, 1, false));
        launch(SoftmaxFamily.SOFTMAX_BACKWARD, new SoftmaxFamily.SoftmaxBackward(x, x, x, 2, 5, 33, true));
        launch(SoftmaxFamily.CROSS_ENTROPY, new SoftmaxFamily.CrossEntropy(x, labels, w, loss, x, 33, 10, 0.1));
        launch(SoftmaxFamily.CROSS_ENTROPY_BACKWARD,
                new SoftmaxFamily.CrossEntropyBackward(x, labels, null, loss, x, 33, 10, 0));
        launch(SoftmaxFamily.SOFTMAX, new SoftmaxFamily.Softmax(x, x, 0, 10, 1, true));
        launch(SoftmaxFamily.CROSS_ENTROPY, new SoftmaxFamily.CrossEntropy(x, labels, w, loss, x, 0, 10, 0.1));
        assertEquals(List.of("softmax_rows_f32", "softmax_cols_f32", "softmax_backward_rows_f32",
                "softmax_backward_cols_f32", "cross_entropy_f32", "cross_entropy_backward_f32"),
                s.launches.stream().map(RecordingStream.Launch::kernel).toList(), "no rows: no launch");
        assertEquals(1, s.launches.get(0).value("log"));
        assertEquals(LaunchConfig.rows(33, 10), s.launches.get(0).config(), "a block row per row");
        assertEquals(LaunchConfig.linear(33, 132), s.launches.get(1).config(), "a thread per column");
        assertEquals(w.address(0), s.launches.get(4).value("classWeights"));
        assertEquals(0, s.launches.get(5).value("classWeights"), "no class weights: a null pointer");
    }

    @Test
    void biasActivationAndItsGradient() {
        FusedOps ops = new FusedOps(s);
        CudaBuffer z = s.buffer(DType.FLOAT64, 256 * 64);
        CudaBuffer b = s.buffer(DType.FLOAT64, 64);
        CudaBuffer y = s.buffer(DType.FLOAT64, 256 * 64);
        ops.biasActivation(new BiasActivationFamily.BiasActivation(z, b, y, UnaryOp.RELU, 0, 256, 64));
        ops.biasActivation(new BiasActivationFamily.BiasActivation(z, b, z, null, 0, 256, 64));
        ops.biasActivationBackward(new BiasActivationFamily.BiasActivationBackward(z, y, y, y, b, UnaryOp.TANH, 0,
                256, 64));
        ops.biasActivationBackward(new BiasActivationFamily.BiasActivationBackward(z, z, y, z, b, null, 0, 256, 64));
        ops.biasActivation(new BiasActivationFamily.BiasActivation(z, null, y, null, 0, 256, 64));
        ops.biasActivationBackward(new BiasActivationFamily.BiasActivationBackward(z, z, y, y, null, null, 0, 256, 64));
        assertEquals(List.of("bias_activation_f64", "bias_activation_f64", "bias_activation_backward_f64",
                "bias_activation_backward_f64"), s.launches.stream().map(RecordingStream.Launch::kernel).toList());
        assertEquals(-1, s.launches.get(1).value("act"), "no activation is -1");
        assertEquals(new LaunchConfig(2, 1, 1, 32, 32), s.launches.get(2).config());
        assertEquals(List.of("copy " + 256 * 64 * 8 + " bytes from " + z.address(0) + " to " + y.address(0)),
                s.memoryOps, "identity without bias is a copy; gz = gy in place is nothing");
    }

    @Test
    void recurrentCellStepsPassTheirDescriptors() {
        CudaBuffer x = s.buffer(DType.FLOAT32, 3 * 5 * 12);
        CudaBuffer hh = s.buffer(DType.FLOAT32, 5 * 12);
        CudaBuffer st = s.buffer(DType.FLOAT32, 2 * 4 * 5 * 3);
        CudaBuffer saved = s.buffer(DType.FLOAT32, 3 * 5 * 12);
        CudaBuffer keep = s.buffer(DType.FLOAT32, 15);
        launch(RecurrentFamily.CELL_STEP, new RecurrentFamily.CellStep(RecurrentFamily.Cell.LSTM, x, 60, hh, null, st, 15, 30, 60, saved, 60,
                keep, 5, 5, 3));
        launch(RecurrentFamily.CELL_STEP_BACKWARD, new RecurrentFamily.CellStepBackward(RecurrentFamily.Cell.GRU, saved, 60, st, 30, 15, 60,
                null, 0, st, hh, x, 45, saved, 45, 5, 3));
        launch(RecurrentFamily.CELL_STEP, new RecurrentFamily.CellStep(RecurrentFamily.Cell.RNN_TANH, x, 0, hh, hh, st, 0, 15, 60, null, 0,
                null, 0, 0, 3));
        assertEquals(List.of("cell_step_f32", "cell_step_backward_f32"),
                s.launches.stream().map(RecordingStream.Launch::kernel).toList(), "an empty batch launches nothing");
        assertEquals(RecurrentFamily.Cell.LSTM.ordinal(), s.launches.get(0).value("cell"));
        assertEquals(0, s.launches.get(0).value("bias"), "no bias: a null pointer");
        assertEquals(keep.address(0), s.launches.get(0).value("keep"));
        assertEquals(45, s.launches.get(1).value("ghhOffset"));
    }

    @Test
    void optimizerStepsUpdateEveryParameterInFewLaunches() {
        FusedOps ops = new FusedOps(s);
        int count = 50;
        Buffer[] p = new Buffer[count];
        Buffer[] g = new Buffer[count];
        Buffer[] m = new Buffer[count];
        Buffer[] v = new Buffer[count];
        Buffer[] vmax = new Buffer[count];
        for (int i = 0; i < count; i++) {
            int n = i == 3 ? 0 : 1 + 1000 * i;
            p[i] = s.buffer(DType.FLOAT32, n);
            g[i] = s.buffer(DType.FLOAT32, n);
            m[i] = s.buffer(DType.FLOAT32, n);
            v[i] = s.buffer(DType.FLOAT32, n);
            vmax[i] = s.buffer(DType.FLOAT32, n);
        }
        ops.adamStep(p, g, m, v, vmax, new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0.01, true, true, 3), null);
        ops.sgdStep(p, g, m, new SgdConfig(0.1, 0.9, 0, true, 0, false, false), null);
        assertEquals(List.of("adam_step_f32", "adam_step_f32", "sgd_step_f32", "sgd_step_f32"),
                s.launches.stream().map(RecordingStream.Launch::kernel).toList(), "49 non-empty tensors: 48 + 1");
        RecordingStream.Launch first = s.launches.get(0);
        assertEquals(48, first.value("count"));
        assertEquals(1e-3 / (1 - Math.pow(0.9, 3)), first.doubleValue("stepSize"), 1e-18);
        assertEquals(Math.sqrt(1 - Math.pow(0.999, 3)), first.doubleValue("sqrtBiasCorrection2"), 1e-18);
        long[] starts = first.values("blockStart");
        assertEquals(first.config().gridX(), starts[48]);
        assertEquals(((CudaBuffer) p[4]).address(0), first.values("params")[3], "the empty tensor 3 is skipped");
        assertEquals(((CudaBuffer) vmax[0]).address(0), first.values("maxSecondMoments")[0]);
        RecordingStream.Launch last = s.launches.get(1);
        assertEquals(1, last.value("count"));
        assertEquals(((CudaBuffer) p[49]).address(0), last.values("params")[0]);
        assertEquals(LaunchConfig.ceilDiv(1 + 1000 * 49, OptimizerGroups.CHUNK), last.config().gridX());
    }

    @Test
    void optimizerStepsPassTheirStepScalarBufferOrNull() {
        FusedOps ops = new FusedOps(s);
        Buffer[] p = {s.buffer(DType.FLOAT32, 10)};
        Buffer[] g = {s.buffer(DType.FLOAT32, 10)};
        Buffer[] m = {s.buffer(DType.FLOAT32, 10)};
        Buffer[] v = {s.buffer(DType.FLOAT32, 10)};
        Buffer scalars = s.buffer(DType.FLOAT64, StepScalars.LENGTH);
        AdamConfig adam = new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0, false, false, 3);
        ops.adamStep(p, g, m, v, new Buffer[1], adam, scalars);
        ops.adamStep(p, g, m, v, new Buffer[1], adam, null);
        ops.sgdStep(p, g, m, new SgdConfig(0.1, 0.9, 0, false, 0, false, false), scalars);
        assertEquals(((CudaBuffer) scalars).address(0), s.launches.get(0).value("scalars"));
        assertEquals(0, s.launches.get(1).value("scalars"), "null: the launch arguments hold the scalars");
        assertEquals(((CudaBuffer) scalars).address(0), s.launches.get(2).value("scalars"));
    }

    @Test
    void convolutionKernelsTakeTheShapeAsANestedStruct() {
        ConvShape shape = ConvShape.of(3, 4, 9, 7, 6, 3, 2, 2, 1, 1, 0, 1, 2, 2);
        CudaBuffer x = s.buffer(DType.FLOAT32, shape.inputNumel());
        CudaBuffer w = s.buffer(DType.FLOAT32, shape.weightNumel());
        CudaBuffer y = s.buffer(DType.FLOAT32, shape.outputNumel());
        CudaBuffer xd = s.buffer(DType.FLOAT64, shape.inputNumel());
        CudaBuffer wd = s.buffer(DType.FLOAT64, shape.weightNumel());
        CudaBuffer yd = s.buffer(DType.FLOAT64, shape.outputNumel());
        launch(ConvFamily.CONV2D, new ConvFamily.Conv2d(x, w, y, shape));
        launch(ConvFamily.CONV2D_BACKWARD_INPUT, new ConvFamily.Conv2dBackwardInput(yd, wd, xd, shape));
        launch(ConvFamily.CONV2D_BACKWARD_WEIGHT, new ConvFamily.Conv2dBackwardWeight(x, y, w, shape));
        launch(ConvFamily.CONV2D, new ConvFamily.Conv2d(xd, wd, yd, shape));
        launch(ConvFamily.CONV2D_BACKWARD_INPUT, new ConvFamily.Conv2dBackwardInput(y, w, x, shape));
        launch(ConvFamily.CONV2D_BACKWARD_WEIGHT, new ConvFamily.Conv2dBackwardWeight(xd, yd, wd, shape));
        assertEquals(List.of("conv2d_f32", "conv2d_backward_input_f64", "conv2d_backward_weight_f32",
                "conv2d_f64", "conv2d_backward_input_f32", "conv2d_backward_weight_f64"),
                s.launches.stream().map(RecordingStream.Launch::kernel).toList());
        RecordingStream.Launch forward = s.launches.get(0);
        assertEquals(x.address(0), forward.value("input"));
        assertEquals(y.address(0), forward.value("output"));
        assertEquals(2, forward.value("shape.strideH"));
        assertEquals(2, forward.value("shape.groups"));
        assertEquals(shape.outH(), forward.value("shape.outH"));
        assertEquals(LaunchConfig.linear(shape.outputNumel(), 132), forward.config(), "a thread per output");
        assertEquals(LaunchConfig.linear(shape.inputNumel(), 132), s.launches.get(1).config(), "a thread per input");
        assertEquals(new LaunchConfig((int) LaunchConfig.ceilDiv(shape.weightNumel(), 8), 1, 1, 32, 8),
                s.launches.get(2).config(), "a warp per weight element: 3 x 5 x 4 = 60 products each");
    }

    @Test
    void maxPoolingKernelsTakeTheShapeAndTheIntIndices() {
        ConvShape shape = ConvShape.pooling(2, 3, 7, 6, 3, 2, 4, 5, 2, 1, 1, 0, 1, 1);
        CudaBuffer x = s.buffer(DType.FLOAT64, shape.inputNumel());
        CudaBuffer y = s.buffer(DType.FLOAT64, shape.outputNumel());
        CudaBuffer indices = s.buffer(DType.INT32, shape.outputNumel());
        launch(PoolFamily.MAX_POOL2D, new PoolFamily.MaxPool2d(x, y, indices, shape));
        launch(PoolFamily.MAX_POOL2D_BACKWARD, new PoolFamily.MaxPool2dBackward(y, indices, x, shape));
        assertEquals(List.of("max_pool2d_f64", "max_pool2d_backward_f64"),
                s.launches.stream().map(RecordingStream.Launch::kernel).toList(), "the dtype of the first buffer");
        assertEquals(indices.address(0), s.launches.get(0).value("indices"));
        assertEquals(3, s.launches.get(0).value("shape.groups"), "pooling: a group per channel");
        assertEquals(LaunchConfig.linear(shape.outputNumel(), 132), s.launches.get(0).config(), "a thread per output");
        assertEquals(LaunchConfig.linear(shape.inputNumel(), 132), s.launches.get(1).config(), "a thread per input");
    }

    @Test
    void theBuiltInGemm() {
        CudaBuffer a = s.buffer(DType.FLOAT32, 1000);
        new BuiltinGemm(s).run(new Gemm(3, 5, 6, 7, true, false, 2, 8, 60, 1, 6, 0, 3, 7, 40, 0.5, 1.0), a, a, a);
        RecordingStream.Launch l = s.only();
        assertEquals("gemm_f32", l.kernel());
        assertEquals(a.address(2), l.value("a"));
        assertEquals(a.address(3), l.value("c"));
        assertEquals(new LaunchConfig(1, 1, 3, 16, 16), l.config());
    }
}
