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
import json
import time

import torch

from fashion_mnist_torch import accuracy, arguments, load, train_epoch


def network():
    nn = torch.nn
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))


def main():
    args = arguments(__doc__.splitlines()[0], 2)
    start = time.perf_counter()
    x, y, xt, yt = load(args.data, [1, 28, 28])
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std == 0] = 1
    xtr, ytr = torch.from_numpy((x - mean) / std), torch.from_numpy(y)
    xte, yte = torch.from_numpy((xt - mean) / std), torch.from_numpy(yt)
    model = network()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    prepared = time.perf_counter()
    epochs = []
    tests = []
    for epoch in range(args.epochs):
        seconds = train_epoch(model, opt, loss_fn, xtr, ytr)
        epochs.append(seconds)
        tests.append(accuracy(model, xte, yte))
        print(f"epoch {epoch + 1}: {seconds:.2f} s, test acc {tests[-1]:.4f}", flush=True)
    total = time.perf_counter() - prepared
    print(json.dumps({"work": "fashion_mnist_cnn", "peer": "torch", "torch": torch.__version__,
                      "epochs": args.epochs, "threads": args.threads, "train_s": sum(epochs), "total_s": total,
                      "load_s": prepared - start, "epoch_s": [round(e, 3) for e in epochs],
                      "test_accuracy": tests}))


if __name__ == "__main__":
    main()
