package dev.tessera.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A small fixed team of daemon worker threads that runs one parallel job at a time, the calling thread taking part
 * as member 0.
 *
 * <p>Two kinds of job. A {@link #team} job runs on all requested members at once, so its members may meet at a
 * {@link Barrier}; the caller waits for every member. A {@link #parallelFor} job cuts its range into chunks that
 * members claim one by one; a worker that wakes late (the machine is busy) finds the chunks taken and the caller,
 * having done them itself, does not wait for it. When the pool is already running a job (another caller thread, or a
 * job that calls back into the pool), the new job runs inline on the calling thread as a team of one; jobs therefore
 * always split their work by the team size they are given. Workers spin briefly after a job (the next op of a
 * training step usually follows within microseconds) and then park, so an idle pool costs nothing.
 */
final class WorkerPool {
    /** Work done by each member of a team. */
    interface TeamTask {
        /**
         * Runs member {@code member} of {@code teamSize}.
         *
         * @param barrier a barrier for all members of this team
         */
        void run(int member, int teamSize, Barrier barrier);
    }

    /** Work on a half-open range of indices. */
    interface RangeTask {
        void run(int start, int end);
    }

    /** Elements per cache line of the widest type we split (float); range splits are aligned to it. */
    private static final int LINE_ELEMENTS = 16;
    /** Chunks per member of a {@link #parallelFor}: enough to even out a late or slow member. */
    private static final int CHUNKS_PER_MEMBER = 4;
    /** How long an idle worker spins before parking, in nanoseconds. */
    private static final long SPIN_NANOS = 50_000;

    private final int size;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();

    /** A pool of {@code size} members in total: the caller plus {@code size - 1} worker threads. */
    WorkerPool(int size) {
        this.size = Math.max(1, size);
        this.workers = new Worker[this.size - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            Thread t = new Thread(workers[i], "tessera-cpu-" + (i + 1));
            t.setDaemon(true);
            workers[i].thread = t;
            t.start();
        }
    }

    /** Number of members a job can use. */
    int size() {
        return size;
    }

    /**
     * Runs {@code task} on a team of {@code members} (at most {@link #size()}; fewer when the pool is busy) and
     * returns when every member has finished. The first exception thrown by a member is rethrown here.
     */
    void team(int members, TeamTask task) {
        int want = Math.min(members, size);
        if (want <= 1 || !busy.compareAndSet(false, true)) {
            task.run(0, 1, Barrier.SINGLE);
            return;
        }
        try {
            Job job = new Job(task, want, true);
            for (int m = 1; m < want; m++) {
                workers[m - 1].submit(job);
            }
            job.runMember(0);
            job.finish();
        } finally {
            busy.set(false);
        }
    }

    /**
     * Runs {@code task} over {@code [0, n)} in chunks of about {@code grain} indices or more (long chunks start on a
     * cache line of floats, see {@link #split}), claimed by whichever members are running; small {@code n} runs
     * inline with no thread hand-off. The first exception thrown is rethrown here.
     */
    void parallelFor(int n, int grain, RangeTask task) {
        int chunks = (int) Math.min((long) size * CHUNKS_PER_MEMBER, Math.max(1L, n / (long) Math.max(grain, 1)));
        if (chunks <= 1 || size == 1 || !busy.compareAndSet(false, true)) {
            if (n > 0) {
                task.run(0, n);
            }
            return;
        }
        try {
            AtomicInteger next = new AtomicInteger();
            Job job = new Job((member, team, barrier) -> {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    int start = split(n, chunks, c);
                    int end = split(n, chunks, c + 1);
                    if (start < end) {
                        task.run(start, end);
                    }
                }
            }, size, false);
            int helpers = Math.min(size, chunks) - 1;
            for (int m = 1; m <= helpers; m++) {
                workers[m - 1].submit(job);
            }
            job.runMember(0);
            job.finish();
        } finally {
            busy.set(false);
        }
    }

    /**
     * Start of part {@code part} of {@code parts} over {@code [0, n)}; aligned down to a cache line of floats when
     * the parts are long enough for that not to unbalance them.
     */
    static int split(int n, int parts, int part) {
        if (part >= parts) {
            return n;
        }
        long s = (long) n * part / parts;
        return n / parts >= 4 * LINE_ELEMENTS ? (int) (s - s % LINE_ELEMENTS) : (int) s;
    }

    // ---------------------------------------------------------------- job, barrier, worker

    /**
     * One parallel job: the task, who takes part, and the first failure. Members of a required job are all waited
     * for; members of an optional job join only while the job is open, and the caller waits only for those.
     */
    private static final class Job {
        private static final int CLOSED = 1 << 30;

        /**
         * The work; dropped by {@link #finish} once no member can run it any more, because an idle worker keeps its
         * last job and the task's lambda would otherwise pin the arrays it captured (a 2 GiB buffer stayed reachable
         * after its tensor was closed).
         */
        private TeamTask task;
        final int members;
        final boolean required;
        final Barrier barrier;
        /** Helpers running (low bits) and whether the job is closed to latecomers ({@link #CLOSED}). */
        final AtomicInteger state = new AtomicInteger();
        volatile Throwable failure;

        Job(TeamTask task, int members, boolean required) {
            this.task = task;
            this.members = members;
            this.required = required;
            this.barrier = new Barrier(required ? members : 1, this);
            if (required) {
                state.set(members - 1);
            }
        }

        /** Runs a helper's member unless an optional job has already closed. */
        void help(int member) {
            if (!required) {
                int s;
                do {
                    s = state.get();
                    if ((s & CLOSED) != 0) {
                        return;
                    }
                } while (!state.compareAndSet(s, s + 1));
            }
            runMember(member);
            state.decrementAndGet();
        }

        void runMember(int member) {
            try {
                task.run(member, members, barrier);
            } catch (Throwable t) {
                if (!(t instanceof Barrier.Aborted)) {
                    synchronized (this) {
                        if (failure == null) {
                            failure = t;
                        }
                    }
                }
            }
        }

        /** Closes an optional job, waits for the helpers still running, and rethrows the first failure. */
        void finish() {
            if (!required) {
                int s;
                do {
                    s = state.get();
                } while (!state.compareAndSet(s, s | CLOSED));
            }
            int spins = 0;
            while ((state.get() & ~CLOSED) > 0) {
                if (++spins < 20_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            task = null;
            Throwable t = failure;
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException("cpu: a worker thread failed", t);
            }
        }
    }

    /**
     * A reusable barrier for the members of one job. If a member fails, the others leave their wait by an internal
     * exception so the job ends and the failure is reported.
     */
    static final class Barrier {
        /** The barrier of a team of one: returns at once. */
        static final Barrier SINGLE = new Barrier(1, null);

        private final int parties;
        private final Job job;
        private final AtomicInteger arrived = new AtomicInteger();
        private volatile int generation;

        private Barrier(int parties, Job job) {
            this.parties = parties;
            this.job = job;
        }

        /** Waits until every member of the team has called this method. */
        void await() {
            if (parties == 1) {
                return;
            }
            int g = generation;
            if (arrived.incrementAndGet() == parties) {
                arrived.set(0);
                generation = g + 1;
                return;
            }
            int spins = 0;
            while (generation == g) {
                if (job.failure != null) {
                    throw new Aborted();
                }
                if (++spins < 20_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        /** Unwinds a member whose team has failed elsewhere. */
        static final class Aborted extends RuntimeException {
            Aborted() {
                super("aborted: another member of the job failed", null, false, false);
            }
        }
    }

    /**
     * A worker thread: waits for a job it has not run yet (spinning briefly, then parked) and helps with it. The job
     * field is only ever written by callers, so a job submitted while the worker finishes the previous one is never
     * lost; an optional job may be skipped if a newer one replaced it first (its caller does not wait for it).
     */
    private static final class Worker implements Runnable {
        final int member;
        Thread thread;
        volatile Job job;
        volatile boolean parked;

        Worker(int member) {
            this.member = member;
        }

        void submit(Job j) {
            job = j;
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            Job last = null;
            while (true) {
                Job j = awaitJob(last);
                last = j;
                j.help(member);
            }
        }

        private Job awaitJob(Job last) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Job j = job;
                if (j != last) {
                    return j;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                j = job;
                if (j != last) {
                    parked = false;
                    return j;
                }
                LockSupport.park(this);
                parked = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
        }
    }
}
