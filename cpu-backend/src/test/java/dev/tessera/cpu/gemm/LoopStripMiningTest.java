package dev.tessera.cpu.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoopStripMiningTest {
    @Test
    void advisesTheFlagsOnlyWhenStripMiningIsOffBeforeJdk25() {
        String advice = LoopStripMining.advice(17, Optional.of("false")).orElseThrow();
        assertTrue(advice.contains("-XX:+UseCountedLoopSafepoints -XX:LoopStripMiningIter=1000"), advice);
        assertTrue(LoopStripMining.advice(21, Optional.of("false")).isPresent());
        assertEquals(Optional.empty(), LoopStripMining.advice(17, Optional.of("true")));
        assertEquals(Optional.empty(), LoopStripMining.advice(17, Optional.empty()));
        assertEquals(Optional.empty(), LoopStripMining.advice(25, Optional.of("false")));
    }

    @Test
    void readsTheFlagOfThisJvm() {
        // surefire forks HotSpot JVMs: the flag is a boolean there
        String flag = LoopStripMining.flag().orElseThrow();
        assertTrue(flag.equals("true") || flag.equals("false"), flag);
        assertEquals(LoopStripMining.advice(Runtime.version().feature(), Optional.of(flag)),
                LoopStripMining.adviceHere());
    }
}
