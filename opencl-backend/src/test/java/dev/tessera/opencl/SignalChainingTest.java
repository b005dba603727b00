package dev.tessera.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * When the OpenCL backend advises preloading HotSpot's signal-chaining library, and that the test JVMs (configured in
 * the parent pom) do preload it: without it, PoCL's LLVM replaced the JVM's SIGSEGV handler and about one test JVM
 * in five running threads on PoCL died of a bare "Segmentation fault".
 */
class SignalChainingTest {
    private static final String JDK = "/usr/lib/jvm/jdk";
    private static final String LLVM = "/usr/lib/x86_64-linux-gnu/libLLVM-15.so.1";
    private static final String JSIG = JDK + "/lib/libjsig.so";
    private static final String LIBC = "/usr/lib/x86_64-linux-gnu/libc.so.6";

    @Test
    void anInProcessLlvmWithoutTheChainingLibraryGetsAdviceNamingTheLibraryOfThisJdk() {
        Optional<String> advice = SignalChaining.advice(List.of(LIBC, LLVM), JDK);

        assertTrue(advice.isPresent());
        assertTrue(advice.get().contains("LD_PRELOAD=" + JSIG), advice.get());
    }

    @Test
    void theChainingLibraryOrNoLlvmMeansNoAdvice() {
        assertEquals(Optional.empty(), SignalChaining.advice(List.of(JSIG, LIBC, LLVM), JDK));
        assertEquals(Optional.empty(), SignalChaining.advice(List.of(LIBC), JDK));
        assertEquals(Optional.empty(), SignalChaining.advice(List.of(), JDK));
    }

    @Test
    void aLibraryMerelyNamedLikeLlvmElsewhereInItsPathDoesNotCount() {
        assertEquals(Optional.empty(), SignalChaining.advice(List.of("/opt/libLLVM/lib/libfoo.so"), JDK));
    }

    @Test
    void theTestJvmsPreloadTheChainingLibraryOnceAnOpenClDeviceIsOpen() {
        ClTesting.device();
        List<String> mappings = SignalChaining.mappingsHere();

        assertTrue(mappings.isEmpty() || mappings.stream().anyMatch(m -> m.endsWith("/" + SignalChaining.LIBRARY)),
                "the test JVM does not preload " + SignalChaining.LIBRARY + " (surefire's LD_PRELOAD in pom.xml)");
        assertEquals(Optional.empty(), SignalChaining.adviceHere());
    }
}
