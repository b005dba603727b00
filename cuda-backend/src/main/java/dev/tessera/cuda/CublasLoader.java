package dev.tessera.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;

/**
 * Loads cuBLAS once per process as a {@link CublasPlan} says, and creates a handle per device. For the bridge the
 * order matters: libcublasLt.so.13 and libcublas.so.13 are loaded by full path, then the forwarding library (soname
 * libcublas.so.12, extracted from this jar), all BEFORE JCublas2's own native library, whose dependency on
 * libcublas.so.12 the dynamic linker then satisfies with the already-loaded bridge. Any failure leaves the
 * built-in GEMM in charge, with the reason.
 */
final class CublasLoader {
    /** Where the build puts the bridge library inside the jar. */
    static final String BRIDGE_RESOURCE = "dev/tessera/cuda/native/linux-x86_64/libcublas.so.12";

    /** What loading gave: whether JCublas2 is usable and the GEMM path's description (or the reason it is not). */
    record Outcome(boolean ready, String description) {
    }

    private static Outcome outcome;

    private CublasLoader() {
    }

    /** Whether this jar carries the bridge library for this platform. */
    static boolean bridgeAvailable() {
        String arch = System.getProperty("os.arch", "");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        return x64 && System.getProperty("os.name", "").startsWith("Linux")
                && CublasLoader.class.getClassLoader().getResource(BRIDGE_RESOURCE) != null;
    }

    /** The plan for this machine (nothing is loaded). */
    static CublasPlan plan() {
        return CublasPlan.decide(System.getProperty(CublasPlan.PROPERTY), LibrarySearch.system(), bridgeAvailable());
    }

    /** Loads cuBLAS as planned, once per process. */
    static synchronized Outcome load() {
        if (outcome == null) {
            outcome = load(plan());
        }
        return outcome;
    }

    /** Loads cuBLAS as {@code plan} says (the process-wide {@link #load()} calls this once). */
    static Outcome load(CublasPlan plan) {
        if (plan.kind() == CublasPlan.Kind.BUILTIN) {
            return new Outcome(false, plan.describe());
        }
        try {
            if (plan.lt() != null) {
                System.load(plan.lt().toString());
            }
            System.load(plan.library().toString());
            if (plan.kind() == CublasPlan.Kind.BRIDGE) {
                System.load(extractBridge().toString());
            }
        } catch (UnsatisfiedLinkError | IOException | SecurityException e) {
            return new Outcome(false, "built-in: loading " + plan.library() + " failed (" + NativeErrors.summary(e)
                    + ")");
        }
        try {
            JCublas2.setExceptionsEnabled(false);
            JCublas2.initialize();
        } catch (LinkageError | jcuda.CudaException e) {
            return new Outcome(false, "built-in: JCublas2 could not load its native library ("
                    + NativeErrors.summary(e) + ")");
        }
        return new Outcome(true, plan.describe());
    }

    /**
     * A cuBLAS handle on {@code stream} (the caller's context must be current), or null when cublasCreate fails,
     * with the failure written to {@code reason[0]}.
     */
    static cublasHandle createHandle(CudaContext context, String[] reason) {
        cublasHandle handle = new cublasHandle();
        int status = JCublas2.cublasCreate(handle);
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            reason[0] = "cublasCreate failed: " + cublasStatus.stringFor(status);
            return null;
        }
        status = JCublas2.cublasSetStream(handle, new cudaStream_t(context.stream));
        if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
            JCublas2.cublasDestroy(handle);
            reason[0] = "cublasSetStream failed: " + cublasStatus.stringFor(status);
            return null;
        }
        return handle;
    }

    private static Path extractBridge() throws IOException {
        Path dir = Files.createTempDirectory("tessera-cublas-bridge");
        Path lib = dir.resolve("libcublas.so.12");
        try (InputStream in = CublasLoader.class.getClassLoader().getResourceAsStream(BRIDGE_RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + BRIDGE_RESOURCE + " is missing");
            }
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
        }
        lib.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        return lib;
    }
}
