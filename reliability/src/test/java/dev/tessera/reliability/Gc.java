package dev.tessera.reliability;

import dev.tessera.Tessera;

/**
 * Drives the garbage collector until Tessera's leak counter ({@link Tessera#leakedBuffers()}) stops moving, so a
 * test can read the count of tensors that were dropped without being closed.
 */
final class Gc {
    private Gc() {
    }

    /**
     * Collects until the leak count has been stable for three rounds in a row (at most about five seconds), then
     * returns it.
     */
    static long settledLeakCount() throws InterruptedException {
        long last = -1;
        int stable = 0;
        for (int round = 0; round < 100 && stable < 3; round++) {
            System.gc();
            Thread.sleep(50);
            long now = Tessera.leakedBuffers();
            stable = now == last ? stable + 1 : 0;
            last = now;
        }
        return last;
    }
}
