package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Device;
import dev.tessera.backend.DeviceInfo;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JVM keeps its own signal handlers when the OpenCL drivers load (docs/RELIABILITY.md, "Threads"). A child JVM
 * under {@code -Xcheck:jni}, whose periodic check prints "SIGSEGV handler modified!" when a native library replaced
 * one, lists the devices of every backend. With the environment the test JVMs run in (HotSpot's signal-chaining
 * library preloaded, as the tessera launcher does) no handler may change. Without it, PoCL's LLVM installs its
 * handler (one-shot, {@code SA_RESETHAND}: a second thread faulting before the JVM's was back killed the process);
 * where that happens the OpenCL backend must have warned, naming the library.
 */
class SignalHandlersTest {
    private static final String MODIFIED = "handler modified!";

    @BeforeAll
    static void needsAnOpenClDriver() {
        Assumptions.assumeTrue(Device.list().stream().filter(DeviceInfo::available)
                .anyMatch(d -> d.spec().startsWith("opencl:")), "no OpenCL device here");
    }

    @Test
    void withSignalChainingNoDriverReplacesTheJvmsHandlers() throws Exception {
        String out = listDevicesInAChild(true);

        assertFalse(out.contains(MODIFIED), "a signal handler of the JVM was replaced (surefire preloads libjsig.so "
                + "through LD_PRELOAD, set in the parent pom):\n" + out);
    }

    @Test
    void withoutSignalChainingAReplacedHandlerComesWithTheWarning() throws Exception {
        String out = listDevicesInAChild(false);

        if (out.contains("SIGSEGV " + MODIFIED)) {
            assertTrue(out.contains("LD_PRELOAD=") && out.contains("libjsig.so"),
                    "a driver replaced the JVM's SIGSEGV handler but the OpenCL backend did not warn:\n" + out);
        }
    }

    private static String listDevicesInAChild(boolean chaining) throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of("-Xcheck:jni"), env -> {
            if (!chaining) {
                env.remove("LD_PRELOAD");
            }
        }, SignalChild.class)) {
            assertEquals(0, child.waitFor(60), "the child failed:\n" + child.transcript());
            String out = child.transcript();
            assertTrue(out.contains("done"), "the child did not finish:\n" + out);
            return out;
        }
    }
}
