package dev.tessera.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.DType;
import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Shape;
import dev.tessera.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    private static final Device REF = Device.of("reference");

    /** n examples with one feature equal to the index and label index % 3. */
    private static InMemoryDataset indexed(int n) {
        double[] x = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 3;
        }
        return InMemoryDataset.builder(Shape.of(1)).features(x).labels(y, 3).build();
    }

    /** A dataset that delegates and records every tensor it creates, the thread that made it, and can fail. */
    private static final class Recording extends DatasetView {
        final ConcurrentLinkedQueue<Tensor> created = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();
        volatile int failAtCall = -1;
        volatile CountDownLatch gate;
        private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        Recording(Dataset inner) {
            super(inner);
        }

        @Override
        public int size() {
            return source.size();
        }

        @Override
        public Batch batch(int[] indices, DType featureType, Device device) {
            int call = calls.getAndIncrement();
            threads.add(Thread.currentThread().getName());
            if (call == failAtCall) {
                throw new IllegalStateException("disk on fire at call " + call);
            }
            Batch b = source.batch(indices, featureType, device);
            created.add(b.features());
            created.add(b.targets());
            return b;
        }
    }

    private static List<double[]> epochFeatures(DataLoader loader) {
        List<double[]> out = new ArrayList<>();
        for (Batch b : loader) {
            try (b) {
                out.add(b.features().toDoubleArray());
            }
        }
        return out;
    }

    @Test
    void visitsEveryExampleOncePerEpochInBatches() {
        try (DataLoader loader = DataLoader.builder(indexed(10)).batchSize(4).shuffle(1).device(REF).build()) {
            assertEquals(3, loader.batchesPerEpoch());
            List<double[]> batches = epochFeatures(loader);
            assertEquals(List.of(4, 4, 2), batches.stream().map(a -> a.length).toList());
            BitSet seen = new BitSet();
            batches.forEach(a -> Arrays.stream(a).forEach(v -> seen.set((int) v)));
            assertEquals(10, seen.cardinality());
        }
    }

    @Test
    void labelsTravelWithTheirExamples() {
        try (DataLoader loader = DataLoader.builder(indexed(25)).batchSize(7).shuffle(3).device(REF).build();
             Scope s = Scope.open()) {
            for (Batch b : loader) {
                double[] x = b.features().toDoubleArray();
                int[] y = b.targets().toIntArray();
                for (int i = 0; i < x.length; i++) {
                    assertEquals((int) x[i] % 3, y[i]);
                }
            }
        }
    }

    @Test
    void dropLastSkipsTheShortBatch() {
        try (DataLoader loader = DataLoader.builder(indexed(10)).batchSize(4).dropLast(true).device(REF).build()) {
            assertEquals(2, loader.batchesPerEpoch());
            assertEquals(List.of(4, 4), epochFeatures(loader).stream().map(a -> a.length).toList());
        }
        assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(indexed(3)).batchSize(4).dropLast(true).build());
    }

    @Test
    void withoutShuffleTheOrderIsTheDatasetOrder() {
        try (DataLoader loader = DataLoader.builder(indexed(5)).batchSize(2).device(REF).build()) {
            for (int epoch = 0; epoch < 2; epoch++) {
                assertArrayEquals(new double[]{0, 1, 2, 3, 4},
                        epochFeatures(loader).stream().flatMapToDouble(Arrays::stream).toArray());
            }
        }
    }

    @Test
    void shuffleGivesANewReproducibleOrderEachEpoch() {
        DataLoader.Builder b = DataLoader.builder(indexed(40)).batchSize(8).shuffle(11).device(REF);
        try (DataLoader first = b.build(); DataLoader second = b.build()) {
            List<double[]> e0 = epochFeatures(first);
            List<double[]> e1 = epochFeatures(first);
            assertFalse(Arrays.equals(flat(e0), flat(e1)), "two epochs gave the same order");
            assertArrayEquals(flat(e0), flat(epochFeatures(second)));
            assertArrayEquals(flat(e1), flat(epochFeatures(second)));
            assertEquals(2, second.nextEpoch());
            try (EpochIterator again = second.epoch(1)) {
                List<double[]> e1again = new ArrayList<>();
                again.forEachRemaining(batch -> {
                    try (batch) {
                        e1again.add(batch.features().toDoubleArray());
                    }
                });
                assertArrayEquals(flat(e1), flat(e1again));
            }
            assertArrayEquals(Shuffle.permutation(40, 11, 1), Arrays.stream(flat(e0)).mapToInt(v -> (int) v).toArray());
        }
    }

    private static double[] flat(List<double[]> batches) {
        return batches.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    @Test
    void prefetchingAndSynchronousLoadingDeliverTheSameBatches() {
        Recording async = new Recording(indexed(30));
        Recording sync = new Recording(indexed(30));
        try (DataLoader a = DataLoader.builder(async).batchSize(4).shuffle(5).prefetch(3).device(REF).build();
             DataLoader s = DataLoader.builder(sync).batchSize(4).shuffle(5).prefetch(0).device(REF).build()) {
            assertArrayEquals(flat(epochFeatures(a)), flat(epochFeatures(s)));
        }
        assertTrue(async.threads.stream().allMatch(t -> t.startsWith("tessera-dataloader-epoch-0")), async.threads
                .toString());
        String me = Thread.currentThread().getName();
        assertTrue(sync.threads.stream().allMatch(me::equals), sync.threads.toString());
    }

    @Test
    void aBatchTakenInsideAScopeIsClosedWithIt() {
        Recording data = new Recording(indexed(12));
        try (DataLoader loader = DataLoader.builder(data).batchSize(4).device(REF).build()) {
            EpochIterator it = loader.iterator();
            Batch inScope;
            try (Scope s = Scope.open()) {
                inScope = it.next();
                assertEquals(2, s.trackedCount(), "the scope of the consuming thread tracks the batch");
                assertFalse(inScope.features().isClosed());
            }
            assertTrue(inScope.features().isClosed() && inScope.targets().isClosed());
            Batch unscoped = it.next();
            assertFalse(unscoped.features().isClosed(), "without a scope the caller closes the batch");
            unscoped.close();
            assertTrue(unscoped.targets().isClosed());
        }
        assertTrue(data.created.stream().allMatch(Tensor::isClosed),
                "every handle the background thread created is closed once handed over or discarded");
    }

    @Test
    void closingMidEpochStopsTheThreadAndClosesPreparedBatches() throws InterruptedException {
        Recording data = new Recording(indexed(100));
        DataLoader loader = DataLoader.builder(data).batchSize(2).prefetch(3).device(REF).build();
        EpochIterator it = loader.iterator();
        try (Batch b = it.next()) {
            assertEquals(2, b.size());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (data.created.size() < 2 * 5 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        assertEquals(2 * 5, data.created.size(), "1 delivered, 3 queued and 1 waiting for room: the queue is bounded");
        loader.close();
        assertTrue(data.created.stream().allMatch(Tensor::isClosed));
        assertFalse(workerAlive(), "the background thread ended");
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertThrows(IllegalStateException.class, loader::iterator);
    }

    private static boolean workerAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("tessera-dataloader-") && t.isAlive());
    }

    @Test
    void startingTheNextEpochClosesTheAbandonedOne() {
        Recording data = new Recording(indexed(50));
        try (DataLoader loader = DataLoader.builder(data).batchSize(5).shuffle(2).device(REF).build()) {
            EpochIterator first = loader.iterator();
            first.next().close();
            EpochIterator second = loader.iterator();
            assertFalse(first.hasNext());
            assertEquals(1, second.epoch());
            second.next().close();
        }
        assertTrue(data.created.stream().allMatch(Tensor::isClosed));
    }

    @Test
    void aFailureInTheBackgroundThreadSurfacesInNext() {
        for (int prefetch : new int[]{0, 2}) {
            Recording data = new Recording(indexed(20));
            data.failAtCall = 2;
            try (DataLoader loader = DataLoader.builder(data).batchSize(4).prefetch(prefetch).device(REF).build()) {
                EpochIterator it = loader.iterator();
                it.next().close();
                it.next().close();
                DataLoaderException e = assertThrows(DataLoaderException.class, it::next);
                assertTrue(e.getMessage().contains("batch 2 of epoch 0"), e.getMessage());
                assertEquals("disk on fire at call 2", e.getCause().getMessage());
                assertFalse(it.hasNext());
            }
            assertTrue(data.created.stream().allMatch(Tensor::isClosed));
        }
    }

    @Test
    void theFeatureTransformRunsOnEachBatch() {
        InMemoryDataset data = indexed(9);
        Normalizer norm;
        try (Batch all = data.all(DType.FLOAT64, REF)) {
            norm = Normalizer.fit(Normalizer.Kind.MIN_MAX, all.features());
        }
        try (DataLoader loader = DataLoader.builder(data).batchSize(3).featureType(DType.FLOAT64).device(REF)
                .transform(norm::transform).build()) {
            double[] seen = flat(epochFeatures(loader));
            for (int i = 0; i < 9; i++) {
                assertEquals(i / 8.0, seen[i], 1e-15);
            }
        }
        try (DataLoader bad = DataLoader.builder(data).batchSize(3).device(REF).transform(x -> x.sum()).build()) {
            assertThrows(DataLoaderException.class, () -> bad.iterator().next());
        }
    }

    @Test
    void badOptionsAreRefused() {
        DataLoader.Builder b = DataLoader.builder(indexed(3));
        assertThrows(IllegalArgumentException.class, () -> b.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> b.prefetch(-1));
        assertThrows(IllegalArgumentException.class, () -> b.featureType(DType.INT32));
        try (DataLoader loader = b.device(REF).build()) {
            assertThrows(IllegalArgumentException.class, () -> loader.epoch(-1));
            assertNotEquals(0, loader.batchesPerEpoch());
        }
    }
}
