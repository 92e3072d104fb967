import math

import torch
from torch import nn


class PositionalEmbedding(nn.Module):
    """A learned vector added to each step of a sequence, one per position (BERT, GPT)."""

    def __init__(self, max_length, features):
        super().__init__()
        bound = math.sqrt(6 / (max_length + features))
        self.embeddings = nn.Parameter(torch.empty(max_length, features).uniform_(-bound, bound))

    def forward(self, x):
        return x + self.embeddings[:x.shape[1]]
