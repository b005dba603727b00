package dev.tessera.opencl;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import org.junit.jupiter.api.Test;

/** Programs are built once and cached; a failed build throws with the compiler's log. */
class ProgramCacheTest {

    @Test
    void kernelsAreBuiltOnceAndCached() {
        OpenClBackend cl = (OpenClBackend) ClTesting.device();
        ProgramCache programs = cl.context().programs;
        ClKernel k = programs.kernel(ProgramCache.Family.INDEX, ClContext.typeDefines(DType.FLOAT32), "gather");
        assertSame(k, programs.kernel(ProgramCache.Family.INDEX, ClContext.typeDefines(DType.FLOAT32), "gather"));
    }

    @Test
    void aBuildFailureCarriesTheBuildLog() {
        OpenClBackend cl = (OpenClBackend) ClTesting.device();
        OpenClException e = assertThrows(OpenClException.class, () -> cl.context().programs.kernel(
                ProgramCache.Family.INDEX, "-D T=no_such_type -D T_FLOAT", "gather"));
        assertTrue(e.getMessage().contains("index.cl") && e.getMessage().contains("no_such_type")
                && e.getMessage().contains("Build log"), e.getMessage());
    }

    @Test
    void anUnknownKernelIsNamed() {
        OpenClBackend cl = (OpenClBackend) ClTesting.device();
        OpenClException e = assertThrows(OpenClException.class, () -> cl.context().programs.kernel(
                ProgramCache.Family.INDEX, ClContext.typeDefines(DType.FLOAT32), "no_such_kernel"));
        assertTrue(e.getMessage().contains("no_such_kernel") && e.getMessage().contains("CL_INVALID_KERNEL_NAME"),
                e.getMessage());
    }
}
