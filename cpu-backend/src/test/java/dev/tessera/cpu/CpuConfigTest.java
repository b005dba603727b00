package dev.tessera.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Switches of the CPU backend: the test JVM has the Vector API module; a child JVM without it must still work on the
 * scalar kernels and warn exactly once; the fast-path switch selects the scalar kernels and fused defaults.
 */
class CpuConfigTest {

    @Test
    void vectorKernelsAreUsedWhenTheModuleIsPresent() {
        assertTrue(CpuConfig.vectorModulePresent());
        assertTrue(CpuBackend.defaultKernels().name().startsWith("vector-"));
    }

    @Test
    void withoutTheModuleTheBackendRunsScalarAndWarnsOnce() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                NoVectorProbe.class.getName())).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("NoClassDefFoundError"), out);
        assertTrue(out.contains("kernels=scalar"), out);
        assertTrue(out.contains("sum=21.0"), out);
        assertTrue(out.contains("matmul=[4.0, 5.0, 10.0, 11.0]"), out);
        int warnings = out.split("--add-modules jdk.incubator.vector", -1).length - 1;
        assertEquals(1, warnings, "the missing-module warning must appear exactly once:\n" + out);
    }

    @Test
    void theFastSwitchSelectsScalarKernels() {
        String old = System.getProperty("tessera.cpu.fast");
        try {
            System.setProperty("tessera.cpu.fast", "false");
            assertFalse(CpuConfig.fastRequested());
            assertEquals("scalar", CpuBackend.defaultKernels().name());
            assertEquals("defaults", new CpuBackend().info().details().get("fused ops"));
        } finally {
            if (old == null) {
                System.clearProperty("tessera.cpu.fast");
            } else {
                System.setProperty("tessera.cpu.fast", old);
            }
        }
        assertTrue(CpuConfig.fastRequested());
    }

    @Test
    void badThreadCountsAreRejectedWithTheProperty() {
        String old = System.getProperty("tessera.cpu.threads");
        try {
            System.setProperty("tessera.cpu.threads", "zero");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, CpuConfig::threads);
            assertTrue(e.getMessage().contains("tessera.cpu.threads"), e.getMessage());
            System.setProperty("tessera.cpu.threads", "3");
            assertEquals(3, CpuConfig.threads());
        } finally {
            if (old == null) {
                System.clearProperty("tessera.cpu.threads");
            } else {
                System.setProperty("tessera.cpu.threads", old);
            }
        }
    }
}
