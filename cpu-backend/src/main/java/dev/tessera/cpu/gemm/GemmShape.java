package dev.tessera.cpu.gemm;

import java.util.List;

/**
 * The register tile and cache blocking of one element type's GEMM on this machine: tiles of {@code mr} rows by
 * {@code vectors} vectors of columns, and the blocks {@code kc} (depth), {@code mc} (rows), {@code nc} (columns) of
 * {@link GemmKernel}.
 *
 * <p>The tile follows the vector registers ({@link #tileFor}): the accumulators, the B vectors of one depth step and
 * the broadcasts of A that C2 keeps in flight (up to three) must all stay in registers. With 32 registers (AVX-512,
 * ARM NEON/SVE) and 512-bit vectors the tile is 8 x 2 vectors (16 accumulators, enough to cover the FMA latency on
 * two ports; a 14 x 2 tile is faster in isolation but C2 failed to intrinsify most of its stores in a large
 * application, see docs/BENCHMARKS.md); with 32 narrower registers 8 x 3 (24 accumulators, as BLIS's 8 x 12 on
 * ARMv8); with 16 registers (AVX2, SSE) 5 x 2 (10 accumulators, 12 registers and room for three broadcasts). The
 * 6 x 2 tile of BLIS's and OpenBLAS's Haswell kernels fills all 16 registers, and C2 did not always fit it: JDK 25
 * spilled one accumulator to the stack in every run (half speed), JDK 17 without loop strip mining in about half of
 * the JVMs (docs/BENCHMARKS.md, "JVM-to-JVM variance"); 5 x 2 ran at the speed of 6 x 2's good compiles in all of
 * them.
 *
 * <p>The blocks follow the caches ({@link #blocking}): a B micro-panel of {@code kc x nr} elements takes half of
 * the L1 data cache (the A micro-panels stream past it), so {@code kc = L1d / 2 / (nr * bytes)}, rounded down to a
 * multiple of 16 and kept in [64, 1024]; {@code nc} is 512 columns (rounded down to the tile); the packed A block
 * ({@code mc x kc}) and the block of C it updates ({@code mc x nc}, kept in L2 while the depth blocks go by) take
 * half of the L2: {@code mc = L2 / 2 / ((kc + nc) * bytes)}, rounded down to a multiple of {@code mr} and kept in
 * [4 mr, 1024]. On the AVX-512 Xeon of docs/BENCHMARKS.md (48 KiB L1d, 2 MiB L2) this gives the measured
 * kc = 192 for 8 x 32 floats; on Zen 3 (32 KiB, 512 KiB) kc = 256 and mc = 85 for 5 x 16 floats.
 *
 * <p>Overrides, for tuning runs: {@code -Dtessera.cpu.gemm.tile=MRxV} (one of {@link #TILES}),
 * {@code -Dtessera.cpu.gemm.kc=N}, {@code .mc=N}, {@code .nc=N}.
 *
 * @param mr      rows of the tile
 * @param vectors vectors of columns in the tile ({@code nr = vectors * lanes})
 * @param kc      depth of a packed block
 * @param mc      rows of a packed A block
 * @param nc      columns of a column block
 */
public record GemmShape(int mr, int vectors, int kc, int mc, int nc) {

    /** The tiles the vector micro-kernels are generated for, as {@code {mr, vectors}}. */
    public static final List<GemmShape> TILES = List.of(tile(5, 2), tile(6, 2), tile(8, 2), tile(8, 3));

    /** Validates the sizes. */
    public GemmShape {
        if (mr < 1 || vectors < 1 || kc < 1 || mc < 1 || nc < 1) {
            throw new IllegalArgumentException("gemm shape: every size must be positive, got mr " + mr + ", vectors "
                    + vectors + ", kc " + kc + ", mc " + mc + ", nc " + nc);
        }
    }

    private static GemmShape tile(int mr, int vectors) {
        return new GemmShape(mr, vectors, 1, 1, 1);
    }

    /**
     * The shape for vectors of {@code vectorBits} bits holding {@code lanes} elements of {@code elementBytes} bytes
     * on this machine: the tile of {@link #tileFor} (or {@code tessera.cpu.gemm.tile}), blocked for
     * {@link CacheSizes#detect()} (or the {@code kc}/{@code mc}/{@code nc} properties).
     */
    public static GemmShape choose(int vectorBits, int lanes, int elementBytes) {
        String tileProperty = System.getProperty("tessera.cpu.gemm.tile");
        GemmShape tile = tileProperty == null || tileProperty.isBlank()
                ? tileFor(vectorBits, registers(System.getProperty("os.arch", ""), vectorBits))
                : parseTile(tileProperty);
        GemmShape shape = blocking(tile.mr(), tile.vectors(), lanes, elementBytes, CacheSizes.detect());
        return new GemmShape(shape.mr(), shape.vectors(),
                property("kc", shape.kc()), property("mc", shape.mc()), property("nc", shape.nc()));
    }

    /**
     * Vector registers of the architecture as the JIT uses them: 32 on AArch64 and with 512-bit vectors (AVX-512),
     * else 16 (AVX2, SSE, and an AVX-512 machine run with {@code -XX:UseAVX=2}).
     */
    static int registers(String osArch, int vectorBits) {
        return osArch.equals("aarch64") || vectorBits >= 512 ? 32 : 16;
    }

    /** The tile (blocks unset) for {@code registers} vector registers of {@code vectorBits} bits; see the class. */
    static GemmShape tileFor(int vectorBits, int registers) {
        if (registers >= 32) {
            return vectorBits >= 512 ? tile(8, 2) : tile(8, 3);
        }
        return tile(5, 2);
    }

    /** The shape of an {@code mr x vectors} tile of {@code lanes}-element vectors blocked for {@code caches}. */
    static GemmShape blocking(int mr, int vectors, int lanes, int elementBytes, CacheSizes caches) {
        int nr = vectors * lanes;
        int kc = clamp(caches.l1d() / 2 / (nr * elementBytes) / 16 * 16, 64, 1024);
        int nc = Math.max(nr, 512 / nr * nr);
        int mc = clamp(caches.l2() / 2 / ((kc + nc) * elementBytes) / mr * mr, 4 * mr, 1024 / mr * mr);
        return new GemmShape(mr, vectors, kc, mc, nc);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** A tile written {@code MRxV}, one of {@link #TILES}. */
    static GemmShape parseTile(String text) {
        for (GemmShape t : TILES) {
            if ((t.mr() + "x" + t.vectors()).equals(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("tessera.cpu.gemm.tile: expected one of "
                + TILES.stream().map(t -> t.mr() + "x" + t.vectors()).toList() + " (rows x vectors), got '"
                + text + "'");
    }

    private static int property(String name, int fallback) {
        String s = System.getProperty("tessera.cpu.gemm." + name);
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(s.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("tessera.cpu.gemm." + name + ": expected a positive integer, got '" + s
                + "'");
    }
}
