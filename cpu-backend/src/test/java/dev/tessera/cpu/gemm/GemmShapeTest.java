package dev.tessera.cpu.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tile table, the cache blocking formula, the overrides and the reading of cache sizes. */
class GemmShapeTest {

    @Test
    void theTileFitsTheRegisters() {
        assertEquals(32, GemmShape.registers("amd64", 512));
        assertEquals(16, GemmShape.registers("amd64", 256));
        assertEquals(16, GemmShape.registers("amd64", 128));
        assertEquals(32, GemmShape.registers("aarch64", 128));
        assertTile(8, 2, GemmShape.tileFor(512, 32));
        assertTile(8, 3, GemmShape.tileFor(128, 32));
        assertTile(5, 2, GemmShape.tileFor(256, 16));
        assertTile(5, 2, GemmShape.tileFor(128, 16));
        for (int bits : new int[]{128, 256, 512}) {
            for (int regs : new int[]{16, 32}) {
                GemmShape t = GemmShape.tileFor(bits, regs);
                assertTrue(GemmShape.TILES.contains(t), t + " is not a generated tile");
                // accumulators + one vector of B per column vector + the three broadcasts of A that C2 keeps in
                // flight (with 6 x 2 on 16 registers it spilled an accumulator, see docs/BENCHMARKS.md)
                assertTrue(t.mr() * t.vectors() + t.vectors() + 3 <= regs, t + " needs more than " + regs
                        + " registers");
            }
        }
    }

    private static void assertTile(int mr, int vectors, GemmShape t) {
        assertEquals(mr + "x" + vectors, t.mr() + "x" + t.vectors());
    }

    @Test
    void blocksFollowTheCaches() {
        // the AVX-512 Xeon of docs/BENCHMARKS.md: 48 KiB L1d, 2 MiB L2, 8 x 32 floats
        GemmShape xeon = GemmShape.blocking(8, 2, 16, 4, new CacheSizes(48 << 10, 2 << 20));
        assertEquals(192, xeon.kc());
        assertEquals(512, xeon.nc());
        assertEquals(368, xeon.mc());
        // Zen 3: 32 KiB, 512 KiB, 5 x 16 floats and 5 x 8 doubles
        GemmShape zen3 = GemmShape.blocking(5, 2, 8, 4, CacheSizes.FALLBACK);
        assertEquals(256, zen3.kc());
        assertEquals(85, zen3.mc());
        GemmShape zen3Double = GemmShape.blocking(5, 2, 4, 8, CacheSizes.FALLBACK);
        assertEquals(256, zen3Double.kc());
        assertEquals(40, zen3Double.mc());
        // tiny caches: the clamps hold, mc a multiple of mr, nc of nr
        GemmShape tiny = GemmShape.blocking(8, 3, 4, 4, new CacheSizes(1024, 4096));
        assertEquals(64, tiny.kc());
        assertEquals(32, tiny.mc());
        assertEquals(504, tiny.nc());
    }

    @Test
    void propertiesOverrideTheChoice() {
        String[] keys = {"tessera.cpu.gemm.tile", "tessera.cpu.gemm.kc", "tessera.cpu.gemm.mc"};
        try {
            System.setProperty(keys[0], "8x3");
            System.setProperty(keys[1], "100");
            System.setProperty(keys[2], "40");
            GemmShape s = GemmShape.choose(256, 8, 4);
            assertTile(8, 3, s);
            assertEquals(100, s.kc());
            assertEquals(40, s.mc());
            System.setProperty(keys[0], "5x5");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GemmShape.choose(256, 8,
                    4));
            assertTrue(e.getMessage().contains("tessera.cpu.gemm.tile") && e.getMessage().contains("6x2"),
                    e.getMessage());
            System.clearProperty(keys[0]);
            System.setProperty(keys[1], "-3");
            e = assertThrows(IllegalArgumentException.class, () -> GemmShape.choose(256, 8, 4));
            assertTrue(e.getMessage().contains("tessera.cpu.gemm.kc") && e.getMessage().contains("-3"),
                    e.getMessage());
        } finally {
            for (String k : keys) {
                System.clearProperty(k);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new GemmShape(0, 2, 1, 1, 1));
    }

    @Test
    void cacheSizesAreReadFromSysfs(@TempDir Path dir) throws IOException {
        index(dir, 0, "1", "Data", "48K");
        index(dir, 1, "1", "Instruction", "32K");
        index(dir, 2, "2", "Unified", "2048K");
        index(dir, 3, "3", "Unified", "105M");
        assertEquals(new CacheSizes(48 << 10, 2 << 20), CacheSizes.read(dir));
        // a missing or unreadable level keeps its fallback
        Path other = dir.resolve("other");
        index(other, 0, "1", "Data", "garbage");
        assertEquals(CacheSizes.FALLBACK, CacheSizes.read(other));
        assertEquals(CacheSizes.FALLBACK, CacheSizes.read(dir.resolve("absent")));
    }

    @Test
    void cacheSizeText() {
        assertEquals(32768, CacheSizes.parseSize("32K\n"));
        assertEquals(1 << 20, CacheSizes.parseSize("1M"));
        assertEquals(4096, CacheSizes.parseSize("4096"));
        assertThrows(IllegalArgumentException.class, () -> CacheSizes.parseSize("K"));
        assertThrows(IllegalArgumentException.class, () -> CacheSizes.parseSize("0K"));
        assertThrows(IllegalArgumentException.class, () -> CacheSizes.parseSize(""));
    }

    private static void index(Path dir, int i, String level, String type, String size) throws IOException {
        Path d = Files.createDirectories(dir.resolve("index" + i));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
    }
}
