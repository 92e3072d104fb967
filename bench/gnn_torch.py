"""The PyTorch side of bench/gnn.ts: the same 2-layer GCN, message passing written with
torch's index_add_ (scatter-add), trained full-batch on the same graphs (read from the
binary files gnn.ts writes). Prints one JSON line per graph: milliseconds per epoch.
Usage: /usr/bin/python3 gnn_torch.py <dir> <epochs> <name>...
"""
import json
import os
import statistics
import sys
import time

import torch

torch.set_num_threads(2)
torch.manual_seed(0)


def read(path, dtype):
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=dtype)


# The GCN layer of bench:engine, written once in engine/reference_torch.py.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "engine"))
from reference_torch import GCNConv, gcn_normalisation  # noqa: E402


def main():
    folder, epochs, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    for name in names:
        meta = json.load(open(f"{folder}/{name}.json"))
        n, f, classes = meta["nodes"], meta["features"], meta["classes"]
        x = read(f"{folder}/{name}.x.bin", torch.float32).reshape(n, f)
        edges = read(f"{folder}/{name}.edges.bin", torch.int32).reshape(-1, 2).long()
        labels = read(f"{folder}/{name}.labels.bin", torch.int32).long()
        src, dst = edges[:, 0], edges[:, 1]
        norm, self_norm = gcn_normalisation(src, dst, n)
        layer1, layer2 = GCNConv(f, meta["hidden"]), GCNConv(meta["hidden"], classes)
        optimizer = torch.optim.Adam(list(layer1.parameters()) + list(layer2.parameters()), lr=0.01)
        times = []
        for epoch in range(epochs + 1):
            start = time.perf_counter()
            optimizer.zero_grad()
            h = torch.relu(layer1(x, src, dst, norm, self_norm))
            logits = layer2(h, src, dst, norm, self_norm)
            loss = torch.nn.functional.cross_entropy(logits, labels)
            loss.backward()
            optimizer.step()
            if epoch > 0:  # the first epoch warms up allocators
                times.append((time.perf_counter() - start) * 1000)
        print(json.dumps({"name": name, "msPerEpoch": statistics.median(times), "loss": loss.item()}), flush=True)


main()
