package dev.tessera.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.DeviceUnavailableException;
import dev.tessera.backend.DeviceInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device discovery, numbering, reported facts and the reasons given when OpenCL cannot start. */
class OpenClProviderTest {

    @Test
    void registersAsOpenclWithPriority200() {
        OpenClProvider p = new OpenClProvider();
        assertEquals("opencl", p.name());
        assertEquals(200, p.autoPriority());
        assertTrue(Device.list().stream().anyMatch(d -> d.spec().startsWith("opencl")),
                "the provider is found through ServiceLoader");
    }

    @Test
    void listsDevicesGpusFirstWithPlatformAndMemory() {
        ClTesting.device();
        List<DeviceInfo> devices = new OpenClProvider().devices();
        boolean seenNonGpu = false;
        for (int i = 0; i < devices.size(); i++) {
            DeviceInfo d = devices.get(i);
            assertEquals("opencl:" + i, d.spec());
            assertTrue(d.memoryBytes() > 0, d + " reports its memory");
            assertTrue(d.details().containsKey("platform"), d + " names its platform");
            assertTrue(Long.parseLong(d.details().get("max alloc").split(" ")[0]) > 0, d + " reports max alloc");
            if (d.kind() != DeviceInfo.Kind.GPU) {
                seenNonGpu = true;
            } else {
                assertFalse(seenNonGpu, "GPUs come before other devices: " + devices);
            }
        }
    }

    @Test
    void openedDeviceDescribesItself() {
        OpenClBackend cl = (OpenClBackend) ClTesting.device();
        assertEquals("opencl:0", cl.deviceSpec());
        assertEquals(new OpenClProvider().devices().get(0).name(), cl.info().name());
        assertTrue(cl.supports(DType.FLOAT32));
        assertTrue(cl.supports(DType.INT32));
        assertEquals(cl.context().device.fp64(), cl.supports(DType.FLOAT64));
    }

    @Test
    void aMissingIndexNamesTheDevicesThatExist() {
        ClTesting.device();
        int count = new OpenClProvider().devices().size();
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> new OpenClProvider().open(count + 3));
        assertTrue(e.getMessage().contains("opencl:" + (count + 3)) && e.getMessage().contains("opencl:0"),
                e.getMessage());
    }

    /** With the ICD loader pointed at an empty vendor folder there is no platform, and the reason says so. */
    @Test
    void withoutAVendorDriverTheReasonIsNoPlatform(@TempDir Path emptyVendors) throws IOException,
            InterruptedException {
        ClTesting.device();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", classPathOf(DeviceListing.class,
                OpenClProvider.class, DeviceInfo.class, org.jocl.CL.class), DeviceListing.class.getName());
        pb.environment().put("OCL_ICD_VENDORS", emptyVendors.toString());
        pb.redirectErrorStream(true);
        Path log = Files.createTempFile(emptyVendors, "devices", ".txt");
        pb.redirectOutput(log.toFile());
        Process process = pb.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the listing process finished");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(out.contains("opencl unavailable: no OpenCL platform"), out);
        assertTrue(out.contains("opencl:0 failed: opencl:0: no OpenCL platform"), out);
    }

    /** The class path entries (jars or folders) the given classes were loaded from, whatever the launcher. */
    private static String classPathOf(Class<?>... classes) {
        StringBuilder cp = new StringBuilder();
        for (Class<?> c : classes) {
            try {
                cp.append(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()))
                        .append(java.io.File.pathSeparatorChar);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException("class path entry of " + c, e);
            }
        }
        return cp.toString();
    }
}
