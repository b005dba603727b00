#!/usr/bin/python3
"""PyTorch's side of bench/fashion-mnist-cnn.sh: the run of
    ./tessera train --dataset fashion-mnist --model cnn:32,64:fc=128 --optimizer adam --lr 1e-3 --batch-size 128 \
        --val-fraction 0 --epochs 2
with the same settings (issue 12's anchor): all 60,000 Fashion-MNIST training images [N, 1, 28, 28], pixels
z-score standardized per pixel with the training images' mean and population standard deviation (a constant pixel
keeps scale 1, as Tessera's normalizer does); conv(1->32, 3x3, pad 1)-ReLU-maxpool2, conv(32->64, 3x3, pad 1)-ReLU-
maxpool2, flatten, linear 3136->128-ReLU, linear 128->10, PyTorch's default initialisation; cross-entropy; Adam
(lr 1e-3); batches of 128 in a new random order each epoch. After each epoch (outside the timed part) the 10,000
test images are scored in batches of 1000. Prints one line per epoch (seconds, test accuracy) and a JSON summary.

Usage: fashion_mnist_cnn_torch.py --threads N [--epochs 2] [--data /usr/share/datasets/fashion-mnist] [--seed 0]
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


def network():
    nn = torch.nn
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    start = time.perf_counter()
    x = idx(os.path.join(args.data, "train-images-idx3-ubyte.gz")).reshape(60000, 1, 28, 28).astype(np.float32)
    y = idx(os.path.join(args.data, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    xt = idx(os.path.join(args.data, "t10k-images-idx3-ubyte.gz")).reshape(10000, 1, 28, 28).astype(np.float32)
    yt = idx(os.path.join(args.data, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std == 0] = 1
    xtr, ytr = torch.from_numpy((x - mean) / std), torch.from_numpy(y)
    xte, yte = torch.from_numpy((xt - mean) / std), torch.from_numpy(yt)
    model = network()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    prepared = time.perf_counter()

    def accuracy(xs, ys):
        model.eval()
        with torch.no_grad():
            correct = sum((model(xs[i:i + 1000]).argmax(1) == ys[i:i + 1000]).sum().item()
                          for i in range(0, len(xs), 1000))
        model.train()
        return correct / len(xs)

    epochs = []
    tests = []
    for epoch in range(args.epochs):
        t0 = time.perf_counter()
        order = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 128):
            b = order[i:i + 128]
            opt.zero_grad(set_to_none=True)
            loss_fn(model(xtr[b]), ytr[b]).backward()
            opt.step()
        seconds = time.perf_counter() - t0
        epochs.append(seconds)
        tests.append(accuracy(xte, yte))
        print(f"epoch {epoch + 1}: {seconds:.2f} s, test acc {tests[-1]:.4f}", flush=True)
    total = time.perf_counter() - prepared
    print(json.dumps({"work": "fashion_mnist_cnn", "peer": "torch", "torch": torch.__version__,
                      "epochs": args.epochs, "threads": args.threads, "train_s": sum(epochs), "total_s": total,
                      "load_s": prepared - start, "epoch_s": [round(e, 3) for e in epochs],
                      "test_accuracy": tests}))


if __name__ == "__main__":
    main()
