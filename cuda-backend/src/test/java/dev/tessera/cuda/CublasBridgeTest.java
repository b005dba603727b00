package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cuBLAS bridge end to end without a GPU: a fake libcublas.so.13 (three functions) is built with gcc, and a
 * separate JVM ({@link BridgeProbe}) loads it through the bridge the way the backend does, initialises JCublas2 12.6.0
 * on top (which needs all of its libcublas.so.12 symbols, with their version, to resolve), and calls through it.
 * A separate JVM, because a loaded library cannot be unloaded and this one is fake.
 */
class CublasBridgeTest {
    @TempDir
    Path dir;

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + text);
        return text;
    }

    @Test
    void jcublasRunsOnAFakeLibcublas13ThroughTheBridge() throws Exception {
        Assumptions.assumeTrue(PtxResources.built(), "built with -Dtessera.skipCuda=true: no bridge library");
        Assumptions.assumeTrue(CublasLoader.bridgeAvailable(), "the bridge library is built for Linux x86-64 only");
        Assumptions.assumeTrue(new ProcessBuilder("gcc", "--version").start().waitFor() == 0, "no gcc");
        Path fake = dir.resolve("libcublas.so.13");
        Path source = Paths.get(System.getProperty("tessera.test.nativeTestSources"), "fake_cublas13.c");
        run(List.of("gcc", "-shared", "-fPIC", "-o", fake.toString(), "-Wl,-soname,libcublas.so.13",
                source.toString()));
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String out = run(List.of(java, "-cp", System.getProperty("java.class.path"), BridgeProbe.class.getName(),
                fake.toString()));
        assertTrue(out.contains("ready=true cublas via bridge to libcublas.so.13 (" + fake + ")"), out);
        assertTrue(out.contains("create=0"), out);
        assertTrue(out.contains("version=0,130043"), "the call reached the fake library with its handle: " + out);
        assertTrue(out.contains("tessera cublas bridge: cublasSgemm_v2 is not provided by libcublas.so.13"), out);
        assertTrue(out.contains("sgemm=15"), "a missing function returns CUBLAS_STATUS_NOT_SUPPORTED: " + out);
        assertTrue(out.contains("destroy=0"), out);
        assertTrue(Files.size(fake) > 0);
    }
}
