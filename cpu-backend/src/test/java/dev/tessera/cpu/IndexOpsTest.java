package dev.tessera.cpu;

import static dev.tessera.cpu.Fixtures.REF;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.IndexOp;
import dev.tessera.testing.BufferData;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The index primitive against the reference: every op, every dtype, shapes with outer/inner of 1 and more, repeated
 * indices (adds must accumulate), and sizes above the parallel threshold.
 */
class IndexOpsTest {

    static Stream<Arguments> backends() {
        return Fixtures.backends().limit(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void everyOpMatchesReference(String name, Backend be) {
        Random r = new Random(1);
        int[][] shapes = {{1, 5, 3, 1}, {4, 7, 9, 3}, {1, 1000, 3000, 1}, {2, 50, 40, 600}, {3, 10, 1, 1000}};
        for (IndexOp op : IndexOp.values()) {
            for (DType dt : Fixtures.computedTypes(be)) {
                for (int[] s : shapes) {
                    int outer = s[0];
                    int n = s[1];
                    int m = s[2];
                    int inner = s[3];
                    boolean perElement = op == IndexOp.GATHER || op == IndexOp.SCATTER_ADD;
                    int idxSize = perElement ? outer * m * inner : m;
                    double[] idx = new double[idxSize];
                    for (int i = 0; i < idxSize; i++) {
                        idx[i] = r.nextInt(n);
                    }
                    boolean gathers = op == IndexOp.GATHER || op == IndexOp.INDEX_SELECT;
                    int srcSize = gathers ? outer * n * inner : outer * m * inner;
                    int dstSize = gathers ? outer * m * inner : outer * n * inner;
                    double[] src = Fixtures.rounded(dt, BufferData.uniform(r, srcSize, -50, 50));
                    double[] dst = Fixtures.rounded(dt, BufferData.uniform(r, dstSize, -50, 50));
                    DType refType = dt == DType.INT32 ? DType.INT32 : DType.FLOAT64;
                    Buffer d = BufferData.upload(be, dt, dst);
                    Buffer rd = BufferData.upload(REF, refType, dst);
                    be.index(op, BufferData.upload(be, dt, src), BufferData.upload(be, DType.INT32, idx), d, outer, n,
                            m, inner);
                    REF.index(op, BufferData.upload(REF, refType, src), BufferData.upload(REF, DType.INT32, idx), rd,
                            outer, n, m, inner);
                    Fixtures.assertClose(name + " " + op + " " + dt + " " + java.util.Arrays.toString(s), dt,
                            BufferData.download(REF, rd), BufferData.download(be, d));
                }
            }
        }
    }
}
