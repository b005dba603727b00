package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which GEMM path is chosen from the libraries present (fake files in temporary folders). */
class CublasPlanTest {
    @TempDir
    Path root;

    private Path lib(String dir, String name) throws IOException {
        Path d = Files.createDirectories(root.resolve(dir));
        return Files.writeString(d.resolve(name), "not really a library");
    }

    private LibrarySearch search(String... dirs) {
        return new LibrarySearch(java.util.Arrays.stream(dirs).map(root::resolve).toList());
    }

    @Test
    void libcublas12IsUsedDirectlyWithItsLtCompanion() throws IOException {
        Path v12 = lib("cuda12", "libcublas.so.12");
        Path lt = lib("cuda12", "libcublasLt.so.12");
        lib("cuda13", "libcublas.so.13");
        CublasPlan p = CublasPlan.decide(null, search("empty", "cuda13", "cuda12"), true);
        assertEquals(CublasPlan.Kind.SYSTEM, p.kind());
        assertEquals(v12, p.library());
        assertEquals(lt, p.lt());
        assertEquals("cublas (" + v12 + ")", p.describe());
    }

    @Test
    void onlyLibcublas13MeansTheBridge() throws IOException {
        Path v13 = lib("cuda13", "libcublas.so.13");
        CublasPlan p = CublasPlan.decide(null, search("cuda13"), true);
        assertEquals(CublasPlan.Kind.BRIDGE, p.kind());
        assertEquals(v13, p.library());
        assertNull(p.lt(), "no libcublasLt.so.13 beside it: nothing to preload");
        assertEquals("cublas via bridge to libcublas.so.13 (" + v13 + ")", p.describe());
        Path lt = lib("cuda13", "libcublasLt.so.13");
        assertEquals(lt, CublasPlan.decide(null, search("cuda13"), true).lt());
    }

    @Test
    void withoutAnyCublasTheBuiltInGemmRunsAndSaysWhy() throws IOException {
        CublasPlan none = CublasPlan.decide(null, search("a", "b"), true);
        assertEquals(CublasPlan.Kind.BUILTIN, none.kind());
        assertEquals("built-in: libcublas.so.12 not found and no libcublas.so.13 to bridge to (searched 2 folders: "
                + "LD_LIBRARY_PATH, ld.so.conf, system folders, CUDA_HOME, /usr/local/cuda*)", none.describe());
        Path v13 = lib("cuda13", "libcublas.so.13");
        CublasPlan noBridge = CublasPlan.decide(null, search("cuda13"), false);
        assertEquals(CublasPlan.Kind.BUILTIN, noBridge.kind());
        assertTrue(noBridge.reason().contains("no bridge library to use " + v13), noBridge.reason());
        lib("cuda12", "libcublas.so.12");
        CublasPlan off = CublasPlan.decide("OFF", search("cuda12"), true);
        assertEquals("built-in: cuBLAS switched off by -Dtessera.cuda.cublas=off", off.describe());
    }

    @Test
    void ldSoConfIncludesAreFollowed() throws IOException {
        Path etc = Files.createDirectories(root.resolve("etc"));
        Path confd = Files.createDirectories(etc.resolve("ld.so.conf.d"));
        Files.writeString(etc.resolve("ld.so.conf"), "# system\ninclude ld.so.conf.d/*.conf\n/opt/first\n");
        Files.writeString(confd.resolve("b-cuda.conf"), "/usr/local/cuda/targets/x86_64-linux/lib  # toolkit\n");
        Files.writeString(confd.resolve("a-nvidia.conf"), "\n/usr/lib/nvidia\n");
        Files.writeString(confd.resolve("ignored.txt"), "/not/this\n");
        Set<Path> dirs = new LinkedHashSet<>();
        LibrarySearch.readLdConf(dirs, etc.resolve("ld.so.conf"), 0);
        assertEquals(List.of(Path.of("/usr/lib/nvidia"), Path.of("/usr/local/cuda/targets/x86_64-linux/lib"),
                Path.of("/opt/first")), List.copyOf(dirs));
    }

    @Test
    void theSystemSearchIncludesTheCudaToolkitFolders() {
        List<Path> dirs = LibrarySearch.system().dirs();
        assertTrue(dirs.contains(Path.of("/usr/local/cuda/targets/x86_64-linux/lib")), dirs.toString());
        assertTrue(dirs.contains(Path.of("/usr/lib/x86_64-linux-gnu")), dirs.toString());
    }
}
