"""What the PyTorch sides of the GPU benchmarks (torch_bench.py, torch_modes.py) share: the CUDA-event time of one
call, the median, and the MLP training-step workload (model and batch) that Tessera's BenchRunner and CudaBench time.
"""
import torch


def event_ms(fn):
    """Milliseconds of one call of fn on the current CUDA stream, between two CUDA events."""
    start = torch.cuda.Event(enable_timing=True)
    stop = torch.cuda.Event(enable_timing=True)
    start.record()
    fn()
    stop.record()
    stop.synchronize()
    return start.elapsed_time(stop)


def median(values):
    """The median of values (the mean of the middle two for an even count)."""
    v = sorted(values)
    mid = len(v) // 2
    return v[mid] if len(v) % 2 else (v[mid - 1] + v[mid]) / 2


def mlp(widths):
    """On CUDA: Linear layers widths[0] -> widths[1] -> ... with a ReLU between two of them."""
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers).cuda()


def mlp_batch(widths, batch):
    """A batch for mlp(widths) on CUDA: normal features [batch, widths[0]], classes (7 i) mod widths[-1]."""
    x = torch.randn(batch, widths[0], device="cuda")
    y = (torch.arange(batch, device="cuda") * 7) % widths[-1]
    return x, y
