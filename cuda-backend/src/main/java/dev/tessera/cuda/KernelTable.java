package dev.tessera.cuda;

import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;

/**
 * The PTX modules of module kernels (one per kernel family, packaged under {@value #RESOURCES}) loaded into a
 * context, and every kernel of {@link #CATALOG} resolved once to its CUfunction, so a launch only looks a handle up.
 */
final class KernelTable {
    /** Where the build puts FAMILY.ptx and ptx.properties. */
    static final String RESOURCES = "dev/tessera/kernels/cuda/";

    /** Every kernel the backend launches, by family (= .cu file). */
    static final Map<String, List<String>> CATALOG = catalog();

    private final Map<String, CUfunction> functions = new HashMap<>();

    /** Loads every module into the current context (the caller made it current) and resolves every kernel. */
    KernelTable(int driverVersion) {
        Properties built = ptxProperties();
        for (Map.Entry<String, List<String>> family : CATALOG.entrySet()) {
            String text = ptx(family.getKey());
            byte[] image = (text + "\0").getBytes(StandardCharsets.US_ASCII);
            CUmodule module = new CUmodule();
            int r = cuModuleLoadData(module, image);
            if (r != CUresult.CUDA_SUCCESS) {
                throw new CudaException("cuModuleLoadData(" + family.getKey() + ".ptx)", r, loadHint(r, built,
                        driverVersion));
            }
            for (String name : family.getValue()) {
                CUfunction f = new CUfunction();
                CudaException.check(cuModuleGetFunction(f, module, name),
                        "cuModuleGetFunction(" + family.getKey() + ".ptx, " + name + ")");
                functions.put(name, f);
            }
        }
    }

    /** The kernel called {@code name}. */
    CUfunction get(String name) {
        CUfunction f = functions.get(name);
        if (f == null) {
            throw new IllegalStateException("no CUDA kernel named " + name + " in the kernel catalog");
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

    private static Map<String, List<String>> catalog() {
        String[] all = {"f32", "f64", "i32"};
        String[] floating = {"f32", "f64"};
        Map<String, List<String>> c = new LinkedHashMap<>();
        List<String> elementwise = new ArrayList<>();
        for (String s : all) {
            for (String d : all) {
                elementwise.add("copy_" + s + "_" + d);
            }
        }
        elementwise.addAll(instances(all, "unary", "binary", "where"));
        elementwise.addAll(instances(floating, "unary_backward"));
        c.put("elementwise", List.copyOf(elementwise));
        c.put("reduce", instances(all, "reduce_rows", "reduce_finish", "reduce_cols"));
        c.put("softmax", instances(floating, "softmax_rows", "softmax_cols", "softmax_backward_rows",
                "softmax_backward_cols", "cross_entropy", "cross_entropy_backward"));
        c.put("fused", instances(floating, "bias_activation", "bias_activation_backward", "sgd_step", "adam_step"));
        c.put("index", instances(all, "index"));
        c.put("random", instances(all, "random"));
        c.put("gemm", instances(floating, "gemm"));
        return java.util.Collections.unmodifiableMap(c);
    }

    private static List<String> instances(String[] suffixes, String... names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            for (String s : suffixes) {
                out.add(n + "_" + s);
            }
        }
        return List.copyOf(out);
    }
}
