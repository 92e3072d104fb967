"""The PyTorch half of bench/engine: the five reference models of issue #10 written as a
person writes them in PyTorch, trained on the data files bench/engine/index.ts wrote (the
same arrays our worker reads), with Adam, batch 64, cross-entropy on logits (our models end
in softmax + categorical cross-entropy: the same loss).

Usage: /usr/bin/python3 reference_torch.py <data dir> <model key> <epochs> [threads]
Prints one JSON line: {"seconds": [per epoch, the first one included], "items": samples or
nodes per epoch, "threads": ..., "torch": version}. build_model() is imported by
bench/engines.ts's hand-written loop and bench/gnn_torch.py, so the models live here once.
"""
import json
import os
import sys
import time

import numpy
import torch
from torch import nn
import torch.nn.functional as F

BATCH = 64
CLASSES = 10


class LastStepLSTM(nn.Module):
    def __init__(self, features=16, units=64):
        super().__init__()
        self.lstm = nn.LSTM(features, units, batch_first=True)
        self.out = nn.Linear(units, CLASSES)

    def forward(self, x):
        return self.out(self.lstm(x)[0][:, -1])


class TransformerClassifier(nn.Module):
    """torch's post-norm encoder layer (GELU, no dropout), mean over the steps, a linear head."""

    def __init__(self, d_model=64, heads=4, ff=256):
        super().__init__()
        self.block = nn.TransformerEncoderLayer(d_model, heads, dim_feedforward=ff, dropout=0.0, activation="gelu", batch_first=True)
        self.out = nn.Linear(d_model, CLASSES)

    def forward(self, x):
        return self.out(self.block(x).mean(dim=1))


class GCNConv(nn.Module):
    """D^-1/2 (A + I) D^-1/2 X W + b along the edges: transform, scatter-add (index_add_), self-loop term."""

    def __init__(self, fan_in, units):
        super().__init__()
        self.linear = nn.Linear(fan_in, units, bias=False)
        self.bias = nn.Parameter(torch.zeros(units))

    def forward(self, x, src, dst, norm, self_norm):
        h = self.linear(x)
        out = torch.zeros_like(h).index_add_(0, dst, h[src] * norm[:, None])
        return out + h * self_norm[:, None] + self.bias


class GCN(nn.Module):
    def __init__(self, features, hidden, classes):
        super().__init__()
        self.layer1, self.layer2 = GCNConv(features, hidden), GCNConv(hidden, classes)

    def forward(self, x, src, dst, norm, self_norm):
        return self.layer2(torch.relu(self.layer1(x, src, dst, norm, self_norm)), src, dst, norm, self_norm)


def gcn_normalisation(src, dst, nodes):
    """Edge weights 1/sqrt(d_i d_j) and self-loop weights 1/d_i, computed once as GCN code caches them."""
    deg = torch.zeros(nodes).index_add_(0, dst, torch.ones(dst.shape[0])) + 1
    inv_sqrt = deg.pow(-0.5)
    return inv_sqrt[src] * inv_sqrt[dst], inv_sqrt * inv_sqrt


def build_model(key):
    if key == "mlp":
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, CLASSES))
    if key == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(800, CLASSES)
        )
    if key == "lstm":
        return LastStepLSTM()
    if key == "transformer":
        return TransformerClassifier()
    raise ValueError(f"no sample model {key}")


def train_samples(folder, key, epochs):
    x = torch.from_numpy(numpy.load(os.path.join(folder, f"{key}.x.npy")))
    y = torch.from_numpy(numpy.load(os.path.join(folder, f"{key}.y.npy")).astype(numpy.int64))
    if key == "cnn":  # tfjs is channels-last, torch channels-first: the same images
        x = x.permute(0, 3, 1, 2).contiguous()
    model = build_model(key)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    samples = x.shape[0]
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(samples)
        for i in range(0, samples, BATCH):
            rows = order[i:i + BATCH]
            loss = F.cross_entropy(model(x[rows]), y[rows])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss.item()
        seconds.append(time.perf_counter() - start)
    return seconds, samples


def train_gcn(folder, epochs):
    meta = json.load(open(os.path.join(folder, "gcn.json")))
    x = torch.from_numpy(numpy.load(os.path.join(folder, "gcn.x.npy")))
    edges = torch.from_numpy(numpy.load(os.path.join(folder, "gcn.edges.npy")).astype(numpy.int64))
    labels = torch.from_numpy(numpy.load(os.path.join(folder, "gcn.y.npy")).astype(numpy.int64))
    train = torch.from_numpy(numpy.load(os.path.join(folder, "gcn.train.npy")).astype(numpy.int64))
    src, dst = edges[:, 0], edges[:, 1]
    norm, self_norm = gcn_normalisation(src, dst, x.shape[0])
    model = GCN(x.shape[1], meta["hidden"], meta["classes"])
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        logits = model(x, src, dst, norm, self_norm)
        loss = F.cross_entropy(logits[train], labels[train])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss.item()
        seconds.append(time.perf_counter() - start)
    return seconds, x.shape[0]


def main():
    folder, key, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
    torch.manual_seed(1)
    seconds, items = train_gcn(folder, epochs) if key == "gcn" else train_samples(folder, key, epochs)
    print(json.dumps({"seconds": seconds, "items": items, "threads": torch.get_num_threads(), "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
