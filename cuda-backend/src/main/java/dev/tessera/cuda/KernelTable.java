package dev.tessera.cuda;

import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;

/**
 * The PTX modules of module kernels (one per kernel family, packaged under {@value #RESOURCES}) loaded into a
 * context, and every kernel entry of each module resolved once to its CUfunction, so a launch only looks a handle up.
 *
 * <p>Nothing here lists kernels by hand: the families are the {@code families} line that the kernels build writes
 * into {@code ptx.properties} (one per .cu file), and the kernels are the {@code .entry} declarations of each
 * family's PTX. A new {@code extern "C" __global__} function is launchable by name as soon as the build compiles it.
 */
final class KernelTable {
    /** Where the build puts FAMILY.ptx and ptx.properties. */
    static final String RESOURCES = "dev/tessera/kernels/cuda/";

    private static final Pattern ENTRY = Pattern.compile("^\\.visible \\.entry (\\w+)\\(", Pattern.MULTILINE);

    private final Map<String, CUfunction> functions = new HashMap<>();

    /** Loads every module into the current context (the caller made it current) and resolves every kernel. */
    KernelTable(int driverVersion) {
        Properties built = ptxProperties();
        for (String family : families(built)) {
            String text = ptx(family);
            byte[] image = (text + "\0").getBytes(StandardCharsets.US_ASCII);
            CUmodule module = new CUmodule();
            int r = cuModuleLoadData(module, image);
            if (r != CUresult.CUDA_SUCCESS) {
                throw new CudaException("cuModuleLoadData(" + family + ".ptx)", r, loadHint(r, built, driverVersion));
            }
            for (String name : entryNames(text)) {
                CUfunction f = new CUfunction();
                CudaException.check(cuModuleGetFunction(f, module, name),
                        "cuModuleGetFunction(" + family + ".ptx, " + name + ")");
                if (functions.put(name, f) != null) {
                    throw new IllegalStateException("CUDA kernel " + name + " is defined in two families; kernel "
                            + "names must be unique across kernels/src/main/cuda/*.cu");
                }
            }
        }
    }

    /**
     * The kernel families named by the {@code families} property of {@code ptx.properties}, in order.
     *
     * @throws IllegalStateException when the property is missing or empty (PTX from an older or broken build)
     */
    static List<String> families(Properties built) {
        String value = built.getProperty("families", "").trim();
        if (value.isEmpty()) {
            throw new IllegalStateException("the CUDA kernels' ptx.properties names no kernel families (PTX from an "
                    + "older build of tessera-kernels? rebuild it): " + built);
        }
        return List.of(value.split("\\s*,\\s*"));
    }

    /** The names of the kernel entries ({@code .visible .entry NAME(}) declared in a PTX text, in order. */
    static List<String> entryNames(String ptx) {
        List<String> names = new ArrayList<>();
        Matcher m = ENTRY.matcher(ptx);
        while (m.find()) {
            names.add(m.group(1));
        }
        return List.copyOf(names);
    }

    /** Whether the PTX has a kernel called {@code name}. */
    boolean has(String name) {
        return functions.containsKey(name);
    }

    /** The kernel called {@code name}. */
    CUfunction get(String name) {
        CUfunction f = functions.get(name);
        if (f == null) {
            throw new IllegalStateException("no CUDA kernel named " + name + " in the PTX of the kernel families " + families(ptxProperties()));
        }
        return f;
    }

    /** The PTX text of a family, from the classpath. */
    static String ptx(String family) {
        String path = RESOURCES + family + ".ptx";
        try (InputStream in = KernelTable.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the CUDA kernels are missing: no " + path + " on the class path (was "
                        + "tessera-kernels built with -Dtessera.skipCuda=true, or without nvcc?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Whether the PTX resources are on the class path (the build had nvcc). */
    static boolean ptxPresent() {
        return KernelTable.class.getClassLoader().getResource(RESOURCES + "ptx.properties") != null;
    }

    /** How the PTX was built (nvcc.version, ptx.isa, ptx.arch), or empty. */
    static Properties ptxProperties() {
        Properties p = new Properties();
        try (InputStream in = KernelTable.class.getClassLoader().getResourceAsStream(RESOURCES + "ptx.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return p;
        }
        return p;
    }

    private static String loadHint(int result, Properties built, int driverVersion) {
        String made = "the PTX is ISA " + built.getProperty("ptx.isa", "?") + " from nvcc "
                + built.getProperty("nvcc.version", "?") + " (" + built.getProperty("ptx.arch", "?") + ")";
        String driver = "this driver supports CUDA " + driverVersion / 1000 + "." + (driverVersion % 1000) / 10;
        if (result == CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION || result == CUresult.CUDA_ERROR_INVALID_PTX) {
            return made + " and needs a driver of the CUDA " + built.getProperty("nvcc.version", "13").split("\\.")[0]
                    + " generation; " + driver;
        }
        return made + "; " + driver;
    }
}
