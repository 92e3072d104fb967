"""PyTorch half of bench/sequence-models.ts: the same two models, trained with Adam on
random data for about `seconds` each, printed as samples/s (JSON on stdout).
Usage: /usr/bin/python3 bench/sequence_models_torch.py <seconds> <threads>"""
import json
import os
import sys
import time

import torch

seconds = float(sys.argv[1])
torch.set_num_threads(int(sys.argv[2]))
torch.manual_seed(1)
BATCH, STEPS, CLASSES = 64, 32, 10


# The models of bench:engine, written once in engine/reference_torch.py.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "engine"))
from reference_torch import LastStepLSTM, TransformerClassifier  # noqa: E402


def measure(model, features):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.rand(BATCH * 8, STEPS, features)
    y = torch.randint(0, CLASSES, (BATCH * 8,))

    def step(i):
        rows = slice((i % 8) * BATCH, (i % 8 + 1) * BATCH)
        optimizer.zero_grad()
        loss = loss_fn(model(x[rows]), y[rows])
        loss.backward()
        optimizer.step()

    for i in range(3):
        step(i)
    batches, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step(batches)
        batches += 1
    return batches * BATCH / (time.perf_counter() - start)


print(json.dumps({"transformer": measure(TransformerClassifier(), 64), "lstm": measure(LastStepLSTM(), 16), "torch": torch.__version__}))
