#!/usr/bin/python3
"""Loads a model trained by `tessera train` into PyTorch and predicts, as `tessera predict` does.

The run folder holds model.safetensors (the state dict, nothing else), normalizer.safetensors (the fitted
normalizer, if any), labels.json (class index -> name) and config.json (the options). This script rebuilds the
network of config.json's `model` spec (mlp:H1,H2,... or cnn:C1,C2,...[:fc=F]) with torch.nn modules named as Tessera
names them, loads the weights with load_state_dict(strict=True), applies the normalizer, and writes the same CSV as
`tessera predict`: a header `class,p_NAME...` and per example the predicted class name and the softmax probabilities.

Usage (Debian's python3 with python3-torch 1.13 and numpy; the safetensors package is not needed):
    /usr/bin/python3 scripts/torch_predict.py RUN_DIR FEATURES.csv [OUT.csv]
FEATURES.csv has a header and one row of features per example (no label column); for a cnn model each row is an
image read row-major as config.json's `input_shape` (C,H,W). Without OUT.csv the CSV goes to
standard output. Runs written before the normalizer had its own file (its statistics under `normalizer.*` in
model.safetensors) are read too: those keys are split off before the strict load.
"""
import csv
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn

DTYPES = {"F32": np.float32, "F64": np.float64, "I32": np.int32, "I64": np.int64, "F16": np.float16,
          "U8": np.uint8, "I8": np.int8}


def read_safetensors(path):
    """The tensors (as torch tensors) and the metadata of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    base = 8 + n
    tensors = {}
    for name, entry in header.items():
        start, end = entry["data_offsets"]
        array = np.frombuffer(data[base + start:base + end], dtype=DTYPES[entry["dtype"]])
        tensors[name] = torch.from_numpy(array.reshape(entry["shape"]).copy())
    return tensors, metadata


class Swish(nn.Module):
    """x * sigmoid(beta x) with a learnable beta of shape [1] (Tessera's Swish; PyTorch has only SiLU)."""

    def __init__(self):
        super().__init__()
        self.beta = nn.Parameter(torch.ones(1))

    def forward(self, x):
        return x * torch.sigmoid(self.beta * x)


class Residual(nn.Module):
    """block(x) + x, or block(x) + projection(x) with a bias-free Linear when the width changes."""

    def __init__(self, block, projection):
        super().__init__()
        self.block = block
        if projection is not None:
            self.projection = projection

    def forward(self, x):
        skip = self.projection(x) if hasattr(self, "projection") else x
        return self.block(x) + skip


def activation(name, width):
    """The module of an --activation name, with Tessera's constants."""
    return {
        "relu": lambda: nn.ReLU(),
        "leaky-relu": lambda: nn.LeakyReLU(0.01),
        "elu": lambda: nn.ELU(1.0),
        "gelu": lambda: nn.GELU(),
        "gelu-tanh": lambda: nn.GELU(approximate="tanh"),
        "tanh": lambda: nn.Tanh(),
        "sigmoid": lambda: nn.Sigmoid(),
        "silu": lambda: nn.SiLU(),
        "swish": lambda: Swish(),
        "mish": lambda: nn.Mish(),
        "prelu": lambda: nn.PReLU(width, 0.25),
    }[name.strip().lower()]()


def input_shape(config):
    """The shape of one example the model takes: config.json's input_shape, or [features] for older runs."""
    shape = config.get("input_shape")
    return [int(d) for d in shape.split(",")] if shape else [int(config["features"])]


def build_cnn(config):
    """The network of a cnn:C1,C2,...[:fc=F] spec, laid out as Tessera's CnnSpec builds it."""
    spec = config["model"].strip()[4:]
    channels, _, option = spec.partition(":")
    fc = int(option.strip()[3:]) if option.strip() else 128
    batchnorm = str(config.get("batchnorm", "false")).lower() == "true"
    dropout = float(config.get("dropout", 0))
    name = config.get("activation", "relu")
    c_in, height, width = input_shape(config)
    layers = []
    for c in (int(v) for v in channels.split(",")):
        layers.append(nn.Conv2d(c_in, c, 3, padding=1))
        if batchnorm:
            layers.append(nn.BatchNorm2d(c, eps=1e-5, momentum=0.1))
        layers += [activation(name, c), nn.MaxPool2d(2)]
        c_in, height, width = c, height // 2, width // 2
    layers.append(nn.Flatten())
    flat = c_in * height * width
    classes = int(config["classes"])
    if fc == 0:
        return nn.Sequential(*layers, nn.Linear(flat, classes))
    layers.append(nn.Linear(flat, fc))
    if batchnorm:
        layers.append(nn.BatchNorm1d(fc, eps=1e-5, momentum=0.1))
    layers.append(activation(name, fc))
    if dropout > 0:
        layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers, nn.Linear(fc, classes))


def build(config):
    """The network of config.json, laid out as Tessera's ModelSpec builds it."""
    spec = config["model"].strip()
    if spec.lower().startswith("cnn"):
        return build_cnn(config)
    rest = spec[4:].strip() if len(spec) > 3 else ""
    widths = [int(w) for w in rest.split(",")] if rest else []
    batchnorm = str(config.get("batchnorm", "false")).lower() == "true"
    residual = str(config.get("residual", "false")).lower() == "true"
    dropout = float(config.get("dropout", 0))
    layers = []
    width_in = int(config["features"])
    for width in widths:
        layer = [nn.Linear(width_in, width)]
        if batchnorm:
            layer.append(nn.BatchNorm1d(width, eps=1e-5, momentum=0.1))
        layer.append(activation(config.get("activation", "relu"), width))
        if dropout > 0:
            layer.append(nn.Dropout(dropout))
        if residual:
            projection = None if width_in == width else nn.Linear(width_in, width, bias=False)
            layers.append(Residual(nn.Sequential(*layer), projection))
        else:
            layers.extend(layer)
        width_in = width
    layers.append(nn.Linear(width_in, int(config["classes"])))
    return nn.Sequential(*layers)


def normalize(x, tensors, metadata, prefix):
    """Tessera's Normalizer.transform in float32: (x - shift) * scale + offset per feature."""
    kind = metadata.get(prefix + "kind")
    if kind is None:
        return x
    if kind == "z-score":
        first, second = tensors[prefix + "mean"].double(), tensors[prefix + "std"].double()
        spread = second.clone()
    else:
        first, second = tensors[prefix + "min"].double(), tensors[prefix + "max"].double()
        spread = second - first
    spread[spread == 0] = 1
    scale = (2.0 if kind == "min-max-symmetric" else 1.0) / spread
    offset = -1.0 if kind == "min-max-symmetric" else 0.0
    return (x - first.float()) * scale.float() + offset


def load(run):
    """The network with its weights (eval mode), a function normalizing raw features, and the class names."""
    with open(os.path.join(run, "config.json")) as f:
        config = json.load(f)
    net = build(config)
    weights, meta = read_safetensors(os.path.join(run, "model.safetensors"))
    legacy = {k: weights.pop(k) for k in list(weights) if k.startswith("normalizer.")}
    net.load_state_dict(weights, strict=True)
    net.eval()
    if legacy:
        norm_tensors, norm_meta, prefix = legacy, meta, "normalizer."
    elif os.path.exists(os.path.join(run, "normalizer.safetensors")):
        norm_tensors, norm_meta = read_safetensors(os.path.join(run, "normalizer.safetensors"))
        prefix = ""
    else:
        norm_tensors, norm_meta, prefix = {}, {}, ""
    classes = int(config["classes"])
    labels_path = os.path.join(run, "labels.json")
    if os.path.exists(labels_path):
        with open(labels_path) as f:
            names = json.load(f)
        labels = [names[str(i)] for i in range(classes)]
    else:
        labels = [str(i) for i in range(classes)]
    return net, (lambda x: normalize(x, norm_tensors, norm_meta, prefix)), labels


def field(s):
    """A CSV field quoted as tessera predict quotes it."""
    if s == "" or s.strip() != s or any(c in s for c in ',"\n\r'):
        return '"' + s.replace('"', '""') + '"'
    return s


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit("usage: torch_predict.py RUN_DIR FEATURES.csv [OUT.csv]")
    net, normalize_fn, labels = load(argv[1])
    with open(os.path.join(argv[1], "config.json")) as f:
        shape = input_shape(json.load(f))
    with open(argv[2], newline="") as f:
        rows = list(csv.reader(f))[1:]
    x = torch.tensor([[float(v) for v in row] for row in rows], dtype=torch.float32).reshape([-1] + shape)
    with torch.no_grad():
        p = torch.softmax(net(normalize_fn(x)), dim=1)
    lines = ["class," + ",".join(field("p_" + name) for name in labels)]
    for row in p:
        best = int(torch.argmax(row))
        lines.append(field(labels[best]) + "," + ",".join(repr(float(v)) for v in row))
    text = "\n".join(lines) + "\n"
    if len(argv) == 4:
        with open(argv[3], "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
