package dev.tessera.cuda;

import java.nio.file.Path;
import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;

/**
 * Run in a separate JVM by {@link CublasBridgeTest}: loads cuBLAS through the bridge with a fake libcublas.so.13
 * (args[0]) exactly as the backend does on a CUDA-13 machine, then calls through JCublas2 and prints the results.
 */
public final class BridgeProbe {
    private BridgeProbe() {
    }

    public static void main(String[] args) {
        CublasPlan plan = new CublasPlan(CublasPlan.Kind.BRIDGE, Path.of(args[0]), null, "test");
        CublasLoader.Outcome outcome = CublasLoader.load(plan);
        System.out.println("ready=" + outcome.ready() + " " + outcome.description());
        cublasHandle handle = new cublasHandle();
        System.out.println("create=" + JCublas2.cublasCreate(handle));
        int[] version = new int[1];
        System.out.println("version=" + JCublas2.cublasGetVersion(handle, version) + "," + version[0]);
        Pointer one = Pointer.to(new float[]{1});
        System.out.println("sgemm=" + JCublas2.cublasSgemm(handle, 0, 0, 1, 1, 1, one, new Pointer(), 1,
                new Pointer(), 1, one, new Pointer(), 1));
        System.out.println("destroy=" + JCublas2.cublasDestroy(handle));
    }
}
