package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.backend.RandomDistribution;
import dev.tessera.random.Philox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device Philox code (philox.cuh, shared by random.cu) compiled for the host with gcc and compared bit for bit
 * with {@link Philox#fill}: the word order, counter and key layout, constants, and the order of every rounded float
 * operation, over many seeds, offsets (odd ones and ones past 2^32 blocks) and sizes, with the element-to-block
 * mapping of the kernel. What it cannot check is nvcc itself: that __fmul_rn and friends round like IEEE (they are
 * defined to).
 */
class PhiloxEmulationTest {
    @TempDir
    Path dir;

    @Test
    void theDeviceCodeReproducesTheJavaSpecificationBitForBit() throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("gcc", "--version").start().waitFor() == 0, "no gcc");
        Path exe = dir.resolve("philox_emulation");
        Path source = Paths.get(System.getProperty("tessera.test.nativeTestSources"), "philox_emulation.c");
        Process cc = new ProcessBuilder("gcc", "-O2", "-std=c11", "-ffp-contract=off", "-msse2", "-mfpmath=sse",
                "-Wall", "-Werror", "-I" + CudaSources.folder(), "-o", exe.toString(), source.toString(), "-lm")
                .redirectErrorStream(true).start();
        String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cc.waitFor(), log);

        List<long[]> cases = new ArrayList<>();
        long[] seeds = {0, 1, 0xC0FFEEL, 0xDEADBEEFCAFEBABEL, -1L};
        long[] offsets = {0, 1, 3, 8, 4096, (1L << 34) + 4, (1L << 40) + 7};
        int[] counts = {1, 3, 4, 5, 1000};
        StringBuilder input = new StringBuilder();
        for (RandomDistribution d : RandomDistribution.values()) {
            for (long seed : seeds) {
                for (long off : offsets) {
                    for (int n : counts) {
                        cases.add(new long[]{d.ordinal(), seed, off, n});
                        double a = d == RandomDistribution.BERNOULLI ? 0.3 : -1.5;
                        double b = d == RandomDistribution.BERNOULLI ? 0 : 2.25;
                        input.append(d.ordinal()).append(' ').append(Long.toUnsignedString(seed)).append(' ')
                                .append(off).append(' ').append(n).append(' ').append(a).append(' ').append(b)
                                .append('\n');
                    }
                }
            }
        }
        Process run = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        run.getOutputStream().write(input.toString().getBytes(StandardCharsets.US_ASCII));
        run.getOutputStream().close();
        String[] lines = new String(run.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split("\n");
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue());

        int line = 0;
        for (long[] c : cases) {
            RandomDistribution d = RandomDistribution.values()[(int) c[0]];
            int n = (int) c[3];
            double a = d == RandomDistribution.BERNOULLI ? 0.3 : -1.5;
            double b = d == RandomDistribution.BERNOULLI ? 0 : 2.25;
            float[] expected = new float[n];
            Philox.fill(d, c[1], c[2], a, b, 0, n, expected, 0);
            for (int i = 0; i < n; i++) {
                String want = String.format("%08x", Float.floatToRawIntBits(expected[i]));
                assertEquals(want, lines[line++], d + " seed " + Long.toHexString(c[1]) + " offset " + c[2] + " n " + n
                        + " element " + i);
            }
        }
        assertEquals(lines.length, line, "no extra output");
    }
}
