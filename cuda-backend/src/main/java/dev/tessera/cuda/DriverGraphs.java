package dev.tessera.cuda;

import static jcuda.driver.JCudaDriver.cuGraphDestroy;
import static jcuda.driver.JCudaDriver.cuGraphExecDestroy;
import static jcuda.driver.JCudaDriver.cuGraphInstantiate;
import static jcuda.driver.JCudaDriver.cuGraphLaunch;
import static jcuda.driver.JCudaDriver.cuStreamBeginCapture;
import static jcuda.driver.JCudaDriver.cuStreamEndCapture;

import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUresult;
import jcuda.driver.CUstreamCaptureMode;

/**
 * {@link GraphDriver} on the CUDA driver: {@code cuStreamBeginCapture} (relaxed mode, so the synchronous host writes
 * a capture makes and the allocator's {@code cuMemAlloc} stay legal), {@code cuStreamEndCapture} and
 * {@code cuGraphInstantiate}, {@code cuGraphLaunch} on the backend's stream. Every call holds {@code lock} (the
 * backend's, which serialises all work on the stream) with the context current.
 */
final class DriverGraphs implements GraphDriver {
    private final CudaContext context;
    private final Object lock;

    DriverGraphs(CudaContext context, Object lock) {
        this.context = context;
        this.lock = lock;
    }

    @Override
    public void beginCapture() {
        synchronized (lock) {
            context.makeCurrent();
            CudaException.check(cuStreamBeginCapture(context.stream,
                    CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_RELAXED), "cuStreamBeginCapture");
        }
    }

    @Override
    public Executable endCapture() {
        synchronized (lock) {
            context.makeCurrent();
            CUgraph graph = new CUgraph();
            CudaException.check(cuStreamEndCapture(context.stream, graph), "cuStreamEndCapture");
            CUgraphExec exec = new CUgraphExec();
            int r = cuGraphInstantiate(exec, graph, 0);
            cuGraphDestroy(graph);
            CudaException.check(r, "cuGraphInstantiate");
            return new Instantiated(exec);
        }
    }

    @Override
    public void abandonCapture() {
        synchronized (lock) {
            context.makeCurrent();
            CUgraph graph = new CUgraph();
            if (cuStreamEndCapture(context.stream, graph) == CUresult.CUDA_SUCCESS) {
                cuGraphDestroy(graph);
            }
        }
    }

    /** One instantiated graph. */
    private final class Instantiated implements Executable {
        private final CUgraphExec exec;

        Instantiated(CUgraphExec exec) {
            this.exec = exec;
        }

        @Override
        public void launch() {
            synchronized (lock) {
                context.makeCurrent();
                CudaException.check(cuGraphLaunch(exec, context.stream), "cuGraphLaunch");
            }
        }

        @Override
        public void destroy() {
            synchronized (lock) {
                context.makeCurrent();
                CudaException.check(cuGraphExecDestroy(exec), "cuGraphExecDestroy");
            }
        }
    }
}
