package dev.tessera.backend.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.reference.ReferenceBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Descriptors declare their operands and backward op; dispatch picks the registered kernel or the composition. */
class FusedOpTest {
    private final ReferenceBackend reference = new ReferenceBackend();

    /** The reference backend with {@code kernels} registered. */
    private Backend withKernels(FusedKernels kernels) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("fusedKernels")) {
                        return kernels;
                    }
                    try {
                        return method.invoke(reference, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private Buffer buffer(double... v) {
        Buffer b = reference.allocate(DType.FLOAT64, v.length);
        reference.write(b, 0, v, 0, v.length);
        return b;
    }

    private double[] read(Buffer b) {
        double[] v = new double[Math.toIntExact(b.numel())];
        reference.read(b, 0, v, 0, v.length);
        return v;
    }

    @Test
    void operandsAndAttributesComeFromTheArgumentRecord() {
        assertEquals(List.of("x", "y"), SoftmaxFamily.SOFTMAX.operands());
        assertEquals(List.of("outer", "n", "inner", "log"), SoftmaxFamily.SOFTMAX.attributes());
        assertEquals(List.of("params", "grads", "momentum", "stepScalars"), OptimizerFamily.SGD_STEP.operands());
        assertSame(SoftmaxFamily.SOFTMAX_BACKWARD, SoftmaxFamily.SOFTMAX.backward());
        assertSame(BiasActivationFamily.BIAS_ACTIVATION_BACKWARD, BiasActivationFamily.BIAS_ACTIVATION.backward());
        assertNull(OptimizerFamily.ADAM_STEP.backward());
    }

    @Test
    void theCatalogListsEveryOpOnceWithDistinctNamesAndItsBackwardOps() {
        HashSet<String> names = new HashSet<>();
        for (FusedOp<?> op : FusedCatalog.ALL) {
            assertTrue(names.add(op.name()), "duplicate fused op name " + op.name());
            if (op.backward() != null) {
                assertTrue(FusedCatalog.ALL.contains(op.backward()), op.name() + "'s backward is not cataloged");
            }
        }
        assertEquals(16, FusedCatalog.ALL.size());
    }

    @Test
    void anUnregisteredOpRunsItsDefaultComposition() {
        Buffer x = buffer(0, Math.log(3));
        Buffer y = buffer(0, 0);
        SoftmaxFamily.SOFTMAX.run(withKernels(FusedKernels.NONE), new SoftmaxFamily.Softmax(x, y, 1, 2, 1, false));
        assertArrayEquals(new double[]{0.25, 0.75}, read(y), 1e-15);
    }

    @Test
    void aRegisteredKernelReplacesTheCompositionAndRunDefaultBypassesIt() {
        List<SoftmaxFamily.Softmax> calls = new ArrayList<>();
        Backend be = withKernels(FusedKernels.builder()
                .register(SoftmaxFamily.SOFTMAX, (backend, a) -> calls.add(a))
                .build());
        Buffer x = buffer(1, 2);
        Buffer y = buffer(0, 0);
        SoftmaxFamily.Softmax args = new SoftmaxFamily.Softmax(x, y, 1, 2, 1, true);
        SoftmaxFamily.SOFTMAX.run(be, args);
        assertEquals(List.of(args), calls);
        assertArrayEquals(new double[]{0, 0}, read(y), "the kernel, not the composition, ran");
        SoftmaxFamily.SOFTMAX.runDefault(be, args);
        assertEquals(1, calls.size());
        assertEquals(-Math.log1p(Math.exp(1)), read(y)[0], 1e-15);
    }

    @Test
    void aDescriptorTakesOneKernel() {
        FusedKernels.Builder b = FusedKernels.builder().register(OptimizerFamily.SGD_STEP, (be, a) -> { });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> b.register(OptimizerFamily.SGD_STEP, (be, a) -> { }));
        assertTrue(e.getMessage().contains("sgdStep"), e.getMessage());
    }
}
