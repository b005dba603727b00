package dev.tessera.cuda;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which GEMM the backend will use and why, decided from the files present before anything is loaded:
 * <ul>
 * <li>{@link Kind#SYSTEM}: libcublas.so.12 exists, which JCublas2 12.6.0 links against;</li>
 * <li>{@link Kind#BRIDGE}: only libcublas.so.13 exists (CUDA 13 machines), so the forwarding library built with
 *     this jar (soname libcublas.so.12) is loaded first and passes every call on to it;</li>
 * <li>{@link Kind#BUILTIN}: no cuBLAS can be loaded, or cuBLAS was switched off with
 *     {@code -Dtessera.cuda.cublas=off}; the tiled kernel of gemm.cu runs.</li>
 * </ul>
 *
 * @param kind    the path taken
 * @param library the cuBLAS library to load (null for BUILTIN)
 * @param lt      its cuBLASLt companion in the same folder, loaded first when present (may be null)
 * @param reason  why, for {@code tessera devices}
 */
record CublasPlan(Kind kind, Path library, Path lt, String reason) {
    /** The GEMM paths. */
    enum Kind { SYSTEM, BRIDGE, BUILTIN }

    /** The system property that switches cuBLAS off ({@code off}). */
    static final String PROPERTY = "tessera.cuda.cublas";

    /**
     * Decides the path.
     *
     * @param setting     the value of {@link #PROPERTY} (null when unset)
     * @param search      where libraries are looked for
     * @param bridgeBuilt whether this jar carries the forwarding library
     */
    static CublasPlan decide(String setting, LibrarySearch search, boolean bridgeBuilt) {
        if ("off".equalsIgnoreCase(setting)) {
            return new CublasPlan(Kind.BUILTIN, null, null, "cuBLAS switched off by -D" + PROPERTY + "=off");
        }
        Optional<Path> v12 = search.find("libcublas.so.12");
        if (v12.isPresent()) {
            return new CublasPlan(Kind.SYSTEM, v12.get(), sibling(v12.get(), "libcublasLt.so.12"),
                    "libcublas.so.12 at " + v12.get());
        }
        Optional<Path> v13 = search.find("libcublas.so.13");
        String searched = "searched " + search.dirs().size() + " folders: LD_LIBRARY_PATH, ld.so.conf, system "
                + "folders, CUDA_HOME, /usr/local/cuda*";
        if (v13.isEmpty()) {
            return new CublasPlan(Kind.BUILTIN, null, null,
                    "libcublas.so.12 not found and no libcublas.so.13 to bridge to (" + searched + ")");
        }
        if (!bridgeBuilt) {
            return new CublasPlan(Kind.BUILTIN, null, null, "libcublas.so.12 not found, and this build carries no "
                    + "bridge library to use " + v13.get() + " (was it built with -Dtessera.skipCuda=true?)");
        }
        return new CublasPlan(Kind.BRIDGE, v13.get(), sibling(v13.get(), "libcublasLt.so.13"),
                "libcublas.so.12 not found; bridging to libcublas.so.13 at " + v13.get());
    }

    private static Path sibling(Path lib, String name) {
        Path p = lib.resolveSibling(name);
        return java.nio.file.Files.isRegularFile(p) ? p : null;
    }

    /** How {@code tessera devices} shows this path. */
    String describe() {
        return switch (kind) {
            case SYSTEM -> "cublas (" + library + ")";
            case BRIDGE -> "cublas via bridge to libcublas.so.13 (" + library + ")";
            case BUILTIN -> "built-in: " + reason;
        };
    }
}
