package dev.tessera.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The worker pool: ranges cover every index once, teams meet at barriers, failures surface, nesting runs inline. */
class WorkerPoolTest {
    private final WorkerPool pool = Fixtures.POOL;

    @Test
    void parallelForCoversEveryIndexExactlyOnce() {
        for (int n : new int[]{0, 1, 15, 1000, 100_003}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
            pool.parallelFor(n, 16, (s, e) -> {
                for (int i = s; i < e; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "index " + i + " of " + n);
            }
        }
    }

    @Test
    void finishedJobsDoNotKeepWhatTheirTasksCaptured() throws InterruptedException {
        assumeTrue(pool.size() > 1, "one thread runs every job inline; no worker keeps a job");
        WeakReference<float[]> captured = runOnWorkers(new float[1 << 20]);
        WeakReference<float[]> team = runAsTeam(new float[1 << 20]);
        for (int i = 0; i < 50 && (captured.get() != null || team.get() != null); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(captured.get() == null, "an idle worker still holds the array of a finished parallelFor");
        assertTrue(team.get() == null, "an idle worker still holds the array of a finished team job");
    }

    private WeakReference<float[]> runOnWorkers(float[] a) {
        pool.parallelFor(a.length, 16, (s, e) -> java.util.Arrays.fill(a, s, e, 1f));
        return new WeakReference<>(a);
    }

    private WeakReference<float[]> runAsTeam(float[] a) {
        pool.team(pool.size(), (member, team, barrier) -> a[member] = member);
        return new WeakReference<>(a);
    }

    @Test
    void splitsAreOrderedAndAlignedForLongRanges() {
        int n = 100_003;
        int previous = 0;
        for (int part = 0; part <= 3; part++) {
            int s = WorkerPool.split(n, 3, part);
            assertTrue(s >= previous, "splits must not go backwards");
            if (part > 0 && part < 3) {
                assertEquals(0, s % 16, "long ranges start on a cache line");
            }
            previous = s;
        }
        assertEquals(n, WorkerPool.split(n, 3, 3));
        assertEquals(5, WorkerPool.split(10, 2, 1), "short ranges are not aligned");
    }

    @Test
    void teamMembersMeetAtBarriers() {
        int rounds = 200;
        int[] stage = new int[pool.size()];
        AtomicInteger violations = new AtomicInteger();
        pool.team(pool.size(), (member, team, barrier) -> {
            for (int r = 0; r < rounds; r++) {
                stage[member] = r;
                barrier.await();
                for (int m = 0; m < team; m++) {
                    if (stage[m] != r) {
                        violations.incrementAndGet();
                    }
                }
                barrier.await();
            }
        });
        assertEquals(0, violations.get());
    }

    @Test
    void aFailingMemberFailsTheJobAndReleasesTheOthers() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                pool.team(pool.size(), (member, team, barrier) -> {
                    if (member == team - 1) {
                        throw new IllegalStateException("boom in member " + member);
                    }
                    barrier.await();
                }));
        assertTrue(e.getMessage().startsWith("boom"));
        // the pool is usable afterwards
        AtomicInteger ran = new AtomicInteger();
        pool.team(pool.size(), (member, team, barrier) -> ran.incrementAndGet());
        assertEquals(pool.size(), ran.get());
    }

    @Test
    void nestedJobsRunInlineAsTeamsOfOne() {
        AtomicInteger innerTeam = new AtomicInteger(-1);
        pool.team(pool.size(), (member, team, barrier) -> {
            if (member == 0) {
                pool.team(pool.size(), (m2, t2, b2) -> innerTeam.set(t2));
            }
        });
        assertEquals(1, innerTeam.get());
        Thread caller = Thread.currentThread();
        Thread[] ranOn = new Thread[1];
        pool.team(1, (m, t, b) -> ranOn[0] = Thread.currentThread());
        assertSame(caller, ranOn[0]);
    }
}
