import math

import torch
import torch.nn.functional as F
from torch import nn


class AdditiveAttention(nn.Module):
    """Keras's AdditiveAttention (Bahdanau): score(i, j) = sum_d scale_d · tanh(query_i,d + key_j,d),
    softmax over j, then the weighted sum of the value steps; the key defaults to the value."""

    def __init__(self, features, use_scale=True, causal=False, dropout=0.0):
        super().__init__()
        bound = math.sqrt(6 / (1 + features))
        self.scale = nn.Parameter(torch.empty(features).uniform_(-bound, bound)) if use_scale else None
        self.causal, self.dropout = causal, dropout

    def forward(self, query, value, key=None):
        key = value if key is None else key
        terms = torch.tanh(query.unsqueeze(2) + key.unsqueeze(1))
        if self.scale is not None:
            terms = terms * self.scale
        scores = terms.sum(-1)
        if self.causal:
            steps_q, steps_k = scores.shape[-2], scores.shape[-1]
            future = torch.ones(steps_q, steps_k, dtype=torch.bool, device=scores.device).triu(1)
            scores = scores + future.float() * -1e9
        weights = F.dropout(torch.softmax(scores, dim=-1), self.dropout, self.training)
        return torch.matmul(weights, value)
