package dev.tessera.cpu.gemm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-core data caches the GEMM blocks for: the L1 data cache and the L2, in bytes. On Linux they are read from
 * {@code /sys/devices/system/cpu/cpu0/cache/index*} ({@code level}, {@code type}, {@code size}); elsewhere, or when
 * a size cannot be read, {@link #FALLBACK} (32 KiB and 512 KiB, the smallest of current x86 and ARM server cores)
 * stands in.
 *
 * @param l1d bytes of the L1 data cache of one core
 * @param l2  bytes of the L2 cache of one core
 */
public record CacheSizes(int l1d, int l2) {
    /** The sizes assumed when the machine does not say: 32 KiB L1d, 512 KiB L2. */
    public static final CacheSizes FALLBACK = new CacheSizes(32 << 10, 512 << 10);

    private static final Path SYS = Path.of("/sys/devices/system/cpu/cpu0/cache");

    /** The caches of this machine (see the class comment), read once. */
    public static CacheSizes detect() {
        return Detected.SIZES;
    }

    private static final class Detected {
        static final CacheSizes SIZES = read(SYS);
    }

    /**
     * The caches described under {@code dir} in the layout of Linux's {@code cpu0/cache}: directories
     * {@code index0..} with files {@code level}, {@code type} and {@code size}. A level not found keeps its
     * {@link #FALLBACK} size.
     */
    static CacheSizes read(Path dir) {
        int l1 = FALLBACK.l1d();
        int l2 = FALLBACK.l2();
        for (int i = 0; i < 8; i++) {
            Path index = dir.resolve("index" + i);
            if (!Files.isDirectory(index)) {
                continue;
            }
            try {
                String level = Files.readString(index.resolve("level")).trim();
                String type = Files.readString(index.resolve("type")).trim();
                int size = parseSize(Files.readString(index.resolve("size")));
                if (level.equals("1") && type.equals("Data")) {
                    l1 = size;
                } else if (level.equals("2") && !type.equals("Instruction")) {
                    l2 = size;
                }
            } catch (IOException | IllegalArgumentException e) {
                // this level keeps its fallback size
            }
        }
        return new CacheSizes(l1, l2);
    }

    /** Bytes of a size written as the kernel does: {@code 32K}, {@code 2048K}, {@code 1M} or a plain number. */
    static int parseSize(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("cache size: empty");
        }
        int scale = switch (Character.toUpperCase(s.charAt(s.length() - 1))) {
            case 'K' -> 1 << 10;
            case 'M' -> 1 << 20;
            default -> 1;
        };
        String digits = scale == 1 ? s : s.substring(0, s.length() - 1);
        try {
            long bytes = Long.parseLong(digits.trim()) * scale;
            if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("cache size out of range: '" + text.trim() + "'");
            }
            return (int) bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cache size: expected a number with an optional K or M, got '"
                    + text.trim() + "'");
        }
    }
}
