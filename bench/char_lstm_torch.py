#!/usr/bin/python3
"""PyTorch's side of bench/char-lstm.sh: the run of
    ./tessera lm --corpus fortunes --model lstm:256 --embedding 64 --seq 64 --batch 32 --lr 2e-3 --steps 300
with the same settings and data: the fortunes corpus (every regular, non-symlink file of /usr/share/games/fortunes not
ending in .dat, in name order, UTF-8, concatenated), its last round(0.1 n) characters for validation, the vocabulary
U+FFFD (unknown, index 0) then the training part's distinct characters ascending; embedding 64 -> LSTM 256
(batch_first) -> linear to the vocabulary, PyTorch's default initialisation; mean cross-entropy per character; Adam
(lr 2e-3); each step a batch of 32 windows of 64 characters at random starts of the training part. After the last
step the validation loss (nats/char) is the mean over every non-overlapping validation window (starts 0, 64, ...),
each from a zero state, as tessera lm computes it. Prints a JSON line: ms per step over all steps (training only),
the median ms per step over steps 100.., and the validation loss.

Usage: char_lstm_torch.py --threads N [--steps 300] [--seed 0]
"""
import argparse
import json
import math
import os
import statistics
import time

import torch

FORTUNES = "/usr/share/games/fortunes"


def corpus():
    names = sorted(n for n in os.listdir(FORTUNES)
                   if not n.endswith(".dat") and os.path.isfile(os.path.join(FORTUNES, n))
                   and not os.path.islink(os.path.join(FORTUNES, n)))
    return "".join(open(os.path.join(FORTUNES, n), "rb").read().decode("utf-8") for n in names)


class CharLstm(torch.nn.Module):
    def __init__(self, vocabulary, embedding, hidden):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocabulary, embedding)
        self.rnn = torch.nn.LSTM(embedding, hidden, batch_first=True)
        self.decoder = torch.nn.Linear(hidden, vocabulary)

    def forward(self, ids):
        return self.decoder(self.rnn(self.embedding(ids))[0])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--seq", type=int, default=64)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    text = corpus()
    n = len(text)
    val_size = math.floor(0.1 * n + 0.5)
    train_text, val_text = text[:n - val_size], text[n - val_size:]
    symbols = ["\ufffd"] + sorted(set(train_text) - {"\ufffd"})
    index = {c: i for i, c in enumerate(symbols)}
    train = torch.tensor([index[c] for c in train_text], dtype=torch.long)
    val = torch.tensor([index.get(c, 0) for c in val_text], dtype=torch.long)
    v, seq, batch = len(symbols), args.seq, args.batch
    model = CharLstm(v, 64, 256)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    offsets = torch.arange(seq + 1)
    times = []
    for step in range(args.steps):
        start = time.perf_counter()
        starts = torch.randint(0, len(train) - seq, (batch,))
        windows = train[starts[:, None] + offsets]
        logits = model(windows[:, :-1])
        loss = loss_fn(logits.reshape(-1, v), windows[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        loss.item()
        times.append(time.perf_counter() - start)
    model.eval()
    count = (len(val) - 1) // seq
    total = 0.0
    with torch.no_grad():
        for first in range(0, count, 256):
            k = min(256, count - first)
            starts = (torch.arange(k) + first) * seq
            windows = val[starts[:, None] + offsets]
            logits = model(windows[:, :-1])
            total += loss_fn(logits.reshape(-1, v), windows[:, 1:].reshape(-1)).item() * k
    print(json.dumps({"side": "pytorch", "threads": args.threads, "steps": args.steps, "vocabulary": v,
                      "ms_per_step": 1000 * sum(times) / len(times),
                      "median_ms_per_step_after_100": 1000 * statistics.median(times[100:] or times),
                      "validation_nats_per_char": total / count}))


if __name__ == "__main__":
    main()
