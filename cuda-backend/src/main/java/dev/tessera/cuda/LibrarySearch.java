package dev.tessera.cuda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where shared libraries are looked for, approximately as the dynamic linker does: LD_LIBRARY_PATH, the folders
 * listed by /etc/ld.so.conf (with its includes), the standard system folders, and the CUDA toolkit's folders
 * (CUDA_HOME, CUDA_PATH, /usr/local/cuda and /usr/local/cuda-*). Used to decide, before loading anything, which
 * cuBLAS library exists.
 */
final class LibrarySearch {
    private final List<Path> dirs;

    LibrarySearch(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    /** The folders of this machine, in search order. */
    static LibrarySearch system() {
        Set<Path> dirs = new LinkedHashSet<>();
        addPathList(dirs, System.getenv("LD_LIBRARY_PATH"));
        readLdConf(dirs, Paths.get("/etc/ld.so.conf"), 0);
        for (String d : new String[]{"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64",
                "/lib", "/usr/lib"}) {
            dirs.add(Paths.get(d));
        }
        for (String env : new String[]{"CUDA_HOME", "CUDA_PATH"}) {
            String home = System.getenv(env);
            if (home != null && !home.isBlank()) {
                addCudaHome(dirs, Paths.get(home));
            }
        }
        addCudaHome(dirs, Paths.get("/usr/local/cuda"));
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(Paths.get("/usr/local"), "cuda-*")) {
            List<Path> sorted = new ArrayList<>();
            versions.forEach(sorted::add);
            sorted.sort(java.util.Comparator.reverseOrder());
            sorted.forEach(p -> addCudaHome(dirs, p));
        } catch (IOException | RuntimeException e) {
            // no /usr/local/cuda-* folders: nothing to add
        }
        return new LibrarySearch(new ArrayList<>(dirs));
    }

    /** The first file called {@code name} in the search folders. */
    Optional<Path> find(String name) {
        for (Path d : dirs) {
            Path p = d.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The search folders, in order. */
    List<Path> dirs() {
        return dirs;
    }

    private static void addCudaHome(Set<Path> dirs, Path home) {
        dirs.add(home.resolve("lib64"));
        dirs.add(home.resolve("targets/x86_64-linux/lib"));
    }

    private static void addPathList(Set<Path> dirs, String list) {
        if (list == null) {
            return;
        }
        for (String d : list.split(":")) {
            if (!d.isBlank()) {
                dirs.add(Paths.get(d));
            }
        }
    }

    /** Adds the folders of an ld.so.conf file, following {@code include} lines (glob patterns). */
    static void readLdConf(Set<Path> dirs, Path file, int depth) {
        if (depth > 8 || !Files.isReadable(file)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return;
        }
        for (String raw : lines) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("include ")) {
                for (String pattern : line.substring(8).trim().split("\\s+")) {
                    for (Path inc : glob(file.getParent(), pattern)) {
                        readLdConf(dirs, inc, depth + 1);
                    }
                }
            } else {
                dirs.add(Paths.get(line));
            }
        }
    }

    private static List<Path> glob(Path base, String pattern) {
        Path p = base.resolve(pattern);
        Path dir = p.getParent();
        List<Path> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p.getFileName().toString())) {
            s.forEach(out::add);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        out.sort(null);
        return out;
    }
}
