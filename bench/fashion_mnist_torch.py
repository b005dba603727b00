#!/usr/bin/python3
"""PyTorch's side of bench/fashion-mnist.sh: the run of
    ./tessera train --dataset fashion-mnist --model mlp:1024,1024 --optimizer adam --lr 1e-3 --batch-size 128 --epochs 5
with the same settings: Fashion-MNIST's 60,000 training images split 54,000 / 6,000 (a seeded permutation) for
training and validation, 10,000 test images; features z-score normalized with the training part's statistics;
MLP 784-1024-1024-10 with ReLU and PyTorch's default initialisation; cross-entropy; Adam (lr 1e-3); batches of 128 in
a new random order each epoch; each epoch ends with a validation pass, and the test accuracy is taken at the end.
Prints one line per epoch (seconds, validation accuracy) and a JSON summary line.

Usage: fashion_mnist_torch.py --threads N [--epochs 5] [--data /usr/share/datasets/fashion-mnist]
The caller sets OMP_WAIT_POLICY=passive and the OpenBLAS core type (see compare-cpu.sh).
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def accuracy(model, xs, ys):
    """The fraction of xs (scored in batches of 1000, in evaluation mode) whose argmax output is its label."""
    model.eval()
    with torch.no_grad():
        correct = sum((model(xs[i:i + 1000]).argmax(1) == ys[i:i + 1000]).sum().item()
                      for i in range(0, len(xs), 1000))
    model.train()
    return correct / len(xs)


def train_epoch(model, opt, loss_fn, xs, ys, batch=128):
    """One epoch over xs in a new random order, in batches of `batch`; returns its seconds."""
    t0 = time.perf_counter()
    order = torch.randperm(len(xs))
    for i in range(0, len(xs), batch):
        b = order[i:i + batch]
        opt.zero_grad(set_to_none=True)
        loss_fn(model(xs[b]), ys[b]).backward()
        opt.step()
    return time.perf_counter() - t0


def arguments(description, epochs):
    """The command line (--threads, --epochs, --data, --seed), with PyTorch's threads and seed set from it."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--epochs", type=int, default=epochs)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    return args


def load(data, example):
    """Training images, labels, test images, labels from the folder `data`, each image float32 of shape `example`."""
    x = idx(os.path.join(data, "train-images-idx3-ubyte.gz")).reshape([60000] + example).astype(np.float32)
    y = idx(os.path.join(data, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    xt = idx(os.path.join(data, "t10k-images-idx3-ubyte.gz")).reshape([10000] + example).astype(np.float32)
    yt = idx(os.path.join(data, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    return x, y, xt, yt


def main():
    args = arguments(__doc__.splitlines()[0], 5)
    start = time.perf_counter()
    x, y, xt, yt = load(args.data, [784])
    perm = np.random.default_rng(args.seed).permutation(60000)
    tr, va = perm[:54000], perm[54000:]
    mean = x[tr].mean(axis=0)
    std = x[tr].std(axis=0)
    std[std == 0] = 1
    norm = lambda a: torch.from_numpy((a - mean) / std)
    xtr, ytr = norm(x[tr]), torch.from_numpy(y[tr])
    xva, yva = norm(x[va]), torch.from_numpy(y[va])
    xte, yte = norm(xt), torch.from_numpy(yt)
    model = torch.nn.Sequential(torch.nn.Linear(784, 1024), torch.nn.ReLU(), torch.nn.Linear(1024, 1024),
                                torch.nn.ReLU(), torch.nn.Linear(1024, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    prepared = time.perf_counter()
    epochs = []
    for epoch in range(args.epochs):
        t0 = time.perf_counter()
        train_epoch(model, opt, loss_fn, xtr, ytr)
        val = accuracy(model, xva, yva)
        seconds = time.perf_counter() - t0
        epochs.append(seconds)
        print(f"epoch {epoch + 1}: {seconds:.2f} s, val acc {val:.4f}", flush=True)
    test = accuracy(model, xte, yte)
    total = time.perf_counter() - prepared
    print(json.dumps({"work": "fashion_mnist", "peer": "torch", "epochs": args.epochs, "threads": args.threads,
                      "train_s": sum(epochs), "total_s": total, "load_s": prepared - start,
                      "epoch_s": [round(e, 3) for e in epochs], "test_accuracy": test}))


if __name__ == "__main__":
    main()
