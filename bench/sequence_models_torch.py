"""PyTorch half of bench/sequence-models.ts: the same two models, trained with Adam on
random data for about `seconds` each, printed as samples/s (JSON on stdout).
Usage: /usr/bin/python3 bench/sequence_models_torch.py <seconds> <threads>"""
import json
import sys
import time

import torch

seconds = float(sys.argv[1])
torch.set_num_threads(int(sys.argv[2]))
torch.manual_seed(1)
BATCH, STEPS, CLASSES = 64, 32, 10


class Transformer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.block = torch.nn.TransformerEncoderLayer(64, 4, dim_feedforward=256, dropout=0.0, activation="gelu", batch_first=True)
        self.out = torch.nn.Linear(64, CLASSES)

    def forward(self, x):
        return self.out(self.block(x).mean(dim=1))


class Lstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(16, 64, batch_first=True)
        self.out = torch.nn.Linear(64, CLASSES)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.out(h[-1])


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


print(json.dumps({"transformer": measure(Transformer(), 64), "lstm": measure(Lstm(), 16), "torch": torch.__version__}))
