package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.backend.BinaryOp;
import dev.tessera.backend.IndexOp;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.backend.ReduceOp;
import dev.tessera.backend.StepScalars;
import dev.tessera.backend.UnaryOp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The op codes and sizes the .cu files hard-code agree with the Java enums and constants. */
class KernelConstantsTest {
    private static final CudaSources SOURCES = CudaSources.load();

    private static <E extends Enum<E>> Map<String, Integer> ordinals(Class<E> type) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            out.put(e.name(), e.ordinal());
        }
        return out;
    }

    @Test
    void opCodesAreTheEnumOrdinals() {
        assertEquals(ordinals(UnaryOp.class), SOURCES.enumValues("U"), "UnaryCode in ops.cuh");
        assertEquals(ordinals(BinaryOp.class), SOURCES.enumValues("B"), "BinaryCode in ops.cuh");
        assertEquals(ordinals(ReduceOp.class), SOURCES.enumValues("R"), "ReduceCode in reduce.cu");
        assertEquals(ordinals(IndexOp.class), SOURCES.enumValues("I"), "IndexCode in index.cu");
        for (RandomDistribution d : RandomDistribution.values()) {
            assertEquals((long) d.ordinal(), SOURCES.defines.get("PX_" + d.name()), "philox.cuh PX_" + d);
        }
    }

    @Test
    void sizesSharedWithTheKernels() {
        assertEquals((long) ElementwisePlan.MAX_DIMS, SOURCES.defines.get("TS_MAX_DIMS"));
        assertEquals((long) OptimizerGroups.MAX_TENSORS, SOURCES.defines.get("TS_MAX_TENSORS"));
        assertEquals((long) OptimizerGroups.CHUNK, SOURCES.defines.get("TS_CHUNK"));
        assertEquals((long) StepScalars.LR, SOURCES.defines.get("TS_SCALAR_LR"));
        assertEquals((long) StepScalars.ADAM_STEP_SIZE, SOURCES.defines.get("TS_SCALAR_ADAM_STEP_SIZE"));
        assertEquals((long) StepScalars.ADAM_SQRT_BIAS_CORRECTION2,
                SOURCES.defines.get("TS_SCALAR_ADAM_SQRT_BIAS_CORRECTION2"));
    }
}
