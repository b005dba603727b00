package dev.tessera.cpu;

import dev.tessera.conformance.BackendConformanceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The backend conformance suite on the CPU backend with its fast paths disabled ({@code -Dtessera.cpu.fast=false}:
 * scalar kernels, fused ops as their defaults). The Maven execution {@code fast-paths-off} runs it in its own JVM
 * with that property, in {@code target/fast-paths-off} (its report lands in {@code target/fast-paths-off/target}).
 */
class CpuFastPathsOffConformanceTest extends BackendConformanceTest {
    @BeforeAll
    static void requireFastPathsOff() throws IOException {
        Assumptions.assumeFalse(CpuConfig.fastRequested(), "runs only with -Dtessera.cpu.fast=false (the "
                + "fast-paths-off execution of cpu-backend's pom)");
        Files.createDirectories(Path.of("target"));
    }

    @Override
    protected String deviceSpec() {
        return "cpu";
    }
}
