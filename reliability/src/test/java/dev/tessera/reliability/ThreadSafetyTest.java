package dev.tessera.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tessera.Device;
import dev.tessera.Scope;
import dev.tessera.Tensor;
import dev.tessera.Tessera;
import dev.tessera.autograd.GradMode;
import dev.tessera.loss.CrossEntropyLoss;
import dev.tessera.nn.Sequential;
import dev.tessera.optim.Adam;
import dev.tessera.train.TensorBatches;
import dev.tessera.train.Trainer;
import dev.tessera.train.TrainerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The thread-safety contract (docs/RELIABILITY.md, {@link Tensor} and {@link dev.tessera.nn.Module} Javadoc), on every
 * available device: 8 threads running inference at once on one shared model (evaluation mode, each thread in
 * {@link GradMode#noGrad()} and its own {@link Scope}) get results bitwise identical to one thread's; and 4 threads
 * each training their own model at once get exactly the parameters of the same training run alone (the backend's
 * shared machinery, such as pools and queues, keeps concurrent users apart).
 */
class ThreadSafetyTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 40;

    @ParameterizedTest(name = "{0}")
    @MethodSource(AvailableDevices.SPECS)
    void eightThreadsInferringOnOneModelGetTheSingleThreadResults(String spec) throws Exception {
        Device device = AvailableDevices.open(spec);
        Sequential model = Models.mlp(device, 31, 12, 64, 5);
        model.eval();
        List<Tensor> inputs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < THREADS * 2; i++) {
            Tensor x = Models.features(device, 100 + i, 1 + 7 * i, 12);
            inputs.add(x);
            try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
                expected.add(model.forward(x).toFloatArray());
            }
        }
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Callable<Integer>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            work.add(() -> {
                start.await();
                int checked = 0;
                for (int r = 0; r < ROUNDS; r++) {
                    int i = (thread * 5 + r * 3) % inputs.size();
                    try (GradMode.Guard g = GradMode.noGrad(); Scope s = Scope.open()) {
                        assertArrayEquals(expected.get(i), model.forward(inputs.get(i)).toFloatArray(),
                                spec + ": thread " + thread + " round " + r + " input " + i);
                        checked++;
                    }
                }
                return checked;
            });
        }
        int checked = 0;
        for (int n : runAll(work)) {
            checked += n;
        }
        assertEquals(THREADS * ROUNDS, checked);
        inputs.forEach(Tensor::close);
        model.close();
        System.out.printf("threads on %s: %d concurrent forward passes on one shared model, all bitwise equal to the"
                + " single-thread results%n", spec, checked);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(AvailableDevices.SPECS)
    void fourThreadsTrainingTheirOwnModelsGetTheSingleThreadParameters(String spec) throws Exception {
        Device device = AvailableDevices.open(spec);
        boolean wasDeterministic = Tessera.deterministic();
        Tessera.setDeterministic(true);
        try {
            Map<String, double[]> alone = train(device);
            List<Callable<Map<String, double[]>>> work = new ArrayList<>();
            CyclicBarrier start = new CyclicBarrier(4);
            for (int t = 0; t < 4; t++) {
                work.add(() -> {
                    start.await();
                    return train(device);
                });
            }
            for (Map<String, double[]> together : runAll(work)) {
                for (String k : alone.keySet()) {
                    assertArrayEquals(alone.get(k), together.get(k), 0.0, spec + ": " + k);
                }
            }
        } finally {
            Tessera.setDeterministic(wasDeterministic);
        }
    }

    private static Map<String, double[]> train(Device device) {
        Sequential model = Models.mlp(device, 41, 8, 16, 3);
        Tensor x = Models.features(device, 42, 64, 8);
        Tensor y = Models.labels(device, x, 3);
        Adam opt = new Adam(model.namedParameters(), 1e-2);
        new Trainer(model, new CrossEntropyLoss(), opt, null, TrainerConfig.builder().epochs(4).seed(43).build())
                .fit(new TensorBatches(x, y, 16, true, false), null);
        Map<String, double[]> out = Models.values(model);
        opt.closeState();
        model.close();
        x.close();
        y.close();
        return out;
    }

    /** Runs every task on its own thread and returns their results in order, rethrowing the first failure. */
    private static <T> List<T> runAll(List<Callable<T>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(work.size());
        try {
            List<Future<T>> futures = pool.invokeAll(work, 5, TimeUnit.MINUTES);
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw (Exception) e.getCause();
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
