import torch
import torch.nn.functional as F
from torch import nn


class DotProductAttention(nn.Module):
    """Keras's Attention layer: softmax(scale * query . key^T) . value; the key defaults to the value."""

    def __init__(self, use_scale=False, causal=False, dropout=0.0):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(())) if use_scale else None
        self.causal, self.dropout = causal, dropout

    def forward(self, query, value, key=None):
        key = value if key is None else key
        scores = torch.matmul(query, key.transpose(1, 2))
        if self.scale is not None:
            scores = scores * self.scale
        if self.causal:
            steps_q, steps_v = scores.shape[-2], scores.shape[-1]
            allowed = torch.ones(steps_q, steps_v, dtype=torch.bool, device=scores.device).tril()
            scores = scores - (~allowed).float() * 1e9
        weights = torch.softmax(scores, dim=-1)
        weights = F.dropout(weights, self.dropout, self.training)
        return torch.matmul(weights, value)
