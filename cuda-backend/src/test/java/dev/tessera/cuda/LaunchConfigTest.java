package dev.tessera.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LaunchConfigTest {
    private static final int SMS = 132;

    @Test
    void gridStrideLaunchesCoverTheWorkUpToSeveralWavesPerMultiprocessor() {
        assertEquals(new LaunchConfig(1, 1, 1, 256, 1), LaunchConfig.linear(1, SMS));
        assertEquals(new LaunchConfig(1, 1, 1, 256, 1), LaunchConfig.linear(0, SMS), "at least one block");
        assertEquals(new LaunchConfig(2, 1, 1, 256, 1), LaunchConfig.linear(257, SMS));
        assertEquals(new LaunchConfig(32 * SMS, 1, 1, 256, 1), LaunchConfig.linear(1L << 30, SMS),
                "capped: the kernels loop over the rest");
        assertEquals(new LaunchConfig(4, 1, 1, 256, 1), LaunchConfig.elementwise(4096, 4, SMS),
                "vectorized: one thread per 16-byte pack");
        assertEquals(new LaunchConfig(2, 1, 1, 256, 1), LaunchConfig.elementwise(1025, 4, SMS));
    }

    @Test
    void rowKernelsUseAWarpPerShortRowAndABlockPerLongRow() {
        assertEquals(new LaunchConfig(2, 1, 1, 32, 8), LaunchConfig.rows(9, 10));
        assertEquals(new LaunchConfig(32, 1, 1, 32, 8), LaunchConfig.rows(256, 1024));
        assertEquals(new LaunchConfig(7, 1, 1, 256, 1), LaunchConfig.rows(7, 1025));
        assertEquals(new LaunchConfig(3, 1, 1, 1024, 1), LaunchConfig.rows(3, 50_000));
        assertEquals(new LaunchConfig(LaunchConfig.MAX_GRID_X, 1, 1, 256, 1), LaunchConfig.rows(1L << 30, 2000));
    }

    @Test
    void shortRowReductionsGetAWarpPerRow() {
        LaunchConfig.Reduce r = LaunchConfig.reduce(100, 256, 1, SMS);
        assertEquals("reduce_rows", r.kernel());
        assertEquals(new LaunchConfig(13, 1, 1, 32, 8), r.config());
        assertEquals(1, r.splits());
    }

    @Test
    void fewLongRowsAreSplitIntoPartialResults() {
        LaunchConfig.Reduce one = LaunchConfig.reduce(1, 1 << 24, 1, SMS);
        assertEquals(4 * SMS, one.splits(), "enough slices to give every multiprocessor four blocks");
        assertEquals(new LaunchConfig(1, 4 * SMS, 1, 256, 1), one.config());
        assertEquals(new LaunchConfig(1, 1, 1, 32, 8), LaunchConfig.reduceFinish(1));
        assertEquals(2, LaunchConfig.reduce(1, 8192, 1, SMS).splits(), "no slice shorter than 4096 elements");
        assertEquals(1, LaunchConfig.reduce(1, 5000, 1, SMS).splits());
        assertEquals(1, LaunchConfig.reduce(10_000, 5000, 1, SMS).splits(), "many rows fill the GPU already");
        assertEquals(LaunchConfig.REDUCE_MAX_SPLITS, LaunchConfig.reduce(1, Integer.MAX_VALUE, 1, 1000).splits());
    }

    @Test
    void columnReductionsPutThreadsAlongTheInnerAxis() {
        LaunchConfig.Reduce r = LaunchConfig.reduce(1, 4096, 1024, SMS);
        assertEquals("reduce_cols", r.kernel());
        assertEquals(new LaunchConfig(32, 1, 1, 32, 16), r.config());
        assertEquals(new LaunchConfig(1, 3, 1, 4, 4), LaunchConfig.reduce(3, 4, 3, SMS).config(),
                "small sizes use small power-of-two blocks");
        assertEquals(new LaunchConfig(1, LaunchConfig.MAX_GRID_YZ, 1, 2, 1),
                LaunchConfig.reduce(100_000, 0, 2, SMS).config(), "outer beyond the grid is looped over");
    }

    @Test
    void gemmTilesAndColumnBlocks() {
        assertEquals(new LaunchConfig(2, 3, 5, 16, 16), LaunchConfig.gemmTiles(129, 65, 5));
        assertEquals(new LaunchConfig(1, 1, LaunchConfig.MAX_GRID_YZ, 16, 16), LaunchConfig.gemmTiles(1, 1, 100_000));
        assertThrows(IllegalArgumentException.class, () -> LaunchConfig.gemmTiles(64 * 65536, 1, 1));
        assertEquals(new LaunchConfig(4, 3, 1, 32, 32), LaunchConfig.columnBlocks(97, 3));
    }

    @Test
    void biasGradientsSliceTheirRowsUntilTheMultiprocessorsAreBusy() {
        // 1024 columns: 32 column blocks; two blocks per SM on 132 SMs want 9 slices
        assertEquals(9, LaunchConfig.biasRowSlices(4096, 1024, 132));
        assertEquals(4, LaunchConfig.biasRowSlices(256, 1024, 132), "at least 64 rows per slice");
        assertEquals(1, LaunchConfig.biasRowSlices(127, 1024, 132), "too few rows: the single pass");
        assertEquals(1, LaunchConfig.biasRowSlices(1 << 20, 32 * 264, 132), "enough column blocks already");
        assertEquals(264, LaunchConfig.biasRowSlices(1 << 20, 1, 132), "one column block: 2 per SM as slices");
        assertEquals(LaunchConfig.MAX_GRID_YZ, LaunchConfig.biasRowSlices(Long.MAX_VALUE / 2, 1, 1 << 20));
    }

    @Test
    void invalidShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LaunchConfig(0, 1, 1, 32, 1));
        assertThrows(IllegalArgumentException.class, () -> new LaunchConfig(1, 1, 1, 64, 32));
        assertEquals(1, LaunchConfig.ceilPow2(1));
        assertEquals(4, LaunchConfig.ceilPow2(3));
        assertEquals(32, LaunchConfig.ceilPow2(32));
        assertEquals(64, LaunchConfig.ceilPow2(33));
    }

    @Test
    void launchesOverMoreThan2To31ElementsStayValid() {
        assertEquals(new LaunchConfig(32 * SMS, 1, 1, 256, 1), LaunchConfig.linear(5L << 31, SMS),
                "a grid-stride launch: the kernels index in 64 bits and loop over the rest");
        assertEquals(new LaunchConfig(32 * SMS, 1, 1, 256, 1), LaunchConfig.elementwise(3L << 32, 4, SMS));
        LaunchConfig.Reduce longRow = LaunchConfig.reduce(1, 5L << 31, 1, SMS);
        assertEquals("reduce_rows", longRow.kernel());
        assertEquals(LaunchConfig.REDUCE_SPLIT_TARGET * SMS, longRow.splits(),
                "one row of 10 G elements is split to fill the GPU");
        assertEquals(new LaunchConfig(1, LaunchConfig.REDUCE_SPLIT_TARGET * SMS, 1, 256, 1), longRow.config());
        LaunchConfig.Reduce manyColumns = LaunchConfig.reduce(3L << 31, 4, 2, SMS);
        assertEquals("reduce_cols", manyColumns.kernel());
        assertEquals(new LaunchConfig(1, LaunchConfig.MAX_GRID_YZ, 1, 2, 4), manyColumns.config(),
                "outer rows beyond the grid are looped over by the kernel");
        assertEquals(new LaunchConfig(LaunchConfig.MAX_GRID_X, 1, 1, 32, 8), LaunchConfig.reduceFinish(3L << 31));
    }
}
