package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.Device;
import dev.tessera.DeviceUnavailableException;
import dev.tessera.backend.DeviceInfo;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The provider as ServiceLoader and device selection see it. Without an NVIDIA driver (as on CI) CUDA is one
 * unavailable entry whose reason names libcuda.so.1, and asking for cuda:0 fails with that reason; with a GPU the
 * devices are listed with their facts and GEMM path.
 */
class CudaProviderTest {
    private final CudaProvider provider = new CudaProvider();

    private static boolean driverPresent() {
        return LibrarySearch.system().find("libcuda.so.1").isPresent();
    }

    @Test
    void registersAsCudaWithTheHighestAutoPriority() {
        assertEquals("cuda", provider.name());
        assertEquals(300, provider.autoPriority());
        assertTrue(Device.list().stream().anyMatch(d -> d.spec().startsWith("cuda")),
                "found through META-INF/services: " + Device.list());
    }

    @Test
    void withoutTheDriverCudaIsUnavailableWithTheReason() {
        Assumptions.assumeFalse(driverPresent(), "this machine has an NVIDIA driver");
        List<DeviceInfo> devices = provider.devices();
        assertEquals(1, devices.size());
        DeviceInfo d = devices.get(0);
        assertEquals("cuda", d.spec());
        assertFalse(d.available());
        assertTrue(d.unavailableReason().startsWith("libcuda.so.1 not found (no NVIDIA driver on this machine)"),
                d.unavailableReason());
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class, () -> Device.of("cuda:0"));
        assertEquals("cuda:0: " + d.unavailableReason(), e.getMessage(), "a forced device never falls back");
        assertFalse(DriverProbe.get().available());
    }

    @Test
    void withTheDriverEveryDeviceIsListedWithItsGemmPath() {
        Assumptions.assumeTrue(driverPresent() && DriverProbe.get().available(), "no usable NVIDIA driver here: "
                + DriverProbe.get().reason());
        List<DeviceInfo> devices = provider.devices();
        assertEquals(DriverProbe.get().deviceCount(), devices.size());
        for (DeviceInfo d : devices) {
            assertTrue(d.available(), d.toString());
            assertEquals(DeviceInfo.Kind.GPU, d.kind());
            assertTrue(d.details().containsKey("gemm") && d.details().containsKey("compute capability"), d.toString());
        }
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> provider.open(devices.size()));
        assertTrue(e.getMessage().contains("no such device"), e.getMessage());
    }

    @Test
    void driverLoadFailuresNameLibcuda() {
        // the shape of JCuda's message: a summary, then nested stack traces holding the linker's message
        UnsatisfiedLinkError jcuda = new UnsatisfiedLinkError("Error while loading native library "
                + "\"JCudaDriver-12.6.0-linux-x86_64\"\nStack trace from the attempt to load the library as a "
                + "resource:\njava.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: "
                + "libcuda.so.1: cannot open shared object file: No such file or directory\n\tat somewhere\n");
        assertEquals("libcuda.so.1 not found (no NVIDIA driver on this machine): libcuda.so.1: cannot open shared "
                + "object file: No such file or directory", DriverProbe.explain(jcuda));
        UnsatisfiedLinkError outer = new UnsatisfiedLinkError("Error while loading native library JCublas2");
        outer.initCause(new UnsatisfiedLinkError("/tmp/libJCublas2.so: libcublas.so.12: version `libcublas.so.12' "
                + "not found (required by /tmp/libJCublas2.so)"));
        assertEquals("libcublas.so.12: version `libcublas.so.12' not found (required by /tmp/libJCublas2.so)",
                NativeErrors.summary(outer));
        assertEquals("the JCuda driver library could not be loaded: no JCudaDriver in java.library.path",
                DriverProbe.explain(new UnsatisfiedLinkError("no JCudaDriver in java.library.path\nmore")));
    }
}
