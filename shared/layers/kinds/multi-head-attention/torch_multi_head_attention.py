import math

import torch
import torch.nn.functional as F
from torch import nn


class MultiHeadAttention(nn.Module):
    """Keras's MultiHeadAttention, with its weight layout: query, key and value kernels
    [features, heads, dim], biases [heads, dim], output kernel [heads, value_dim, features]."""

    def __init__(self, query_features, value_features, key_features, heads, key_dim, value_dim, output_features,
                 use_bias=True, dropout=0.0, causal=False, return_attention_scores=False):
        super().__init__()
        self.heads, self.key_dim, self.dropout, self.causal = heads, key_dim, dropout, causal
        self.return_attention_scores = return_attention_scores

        def kernel(*shape):
            fan_in, fan_out = shape[0], math.prod(shape[1:])
            bound = math.sqrt(6 / (fan_in + fan_out))
            return nn.Parameter(torch.empty(*shape).uniform_(-bound, bound))
        self.query_kernel = kernel(query_features, heads, key_dim)
        self.key_kernel = kernel(key_features, heads, key_dim)
        self.value_kernel = kernel(value_features, heads, value_dim)
        self.output_kernel = kernel(heads, value_dim, output_features)
        if use_bias:
            self.query_bias = nn.Parameter(torch.zeros(heads, key_dim))
            self.key_bias = nn.Parameter(torch.zeros(heads, key_dim))
            self.value_bias = nn.Parameter(torch.zeros(heads, value_dim))
            self.output_bias = nn.Parameter(torch.zeros(output_features))
        else:
            self.query_bias = self.key_bias = self.value_bias = self.output_bias = None

    @staticmethod
    def project(x, kernel, bias):
        y = torch.einsum('bsf,fhd->bhsd', x, kernel)
        return y if bias is None else y + bias.unsqueeze(1)

    def forward(self, query, value, key=None, query_mask=None, key_mask=None):
        """Masks are [batch, steps], True = a real step: key_mask hides padded keys from every
        query, query_mask zeroes the output rows of padded queries (as NN Designer's layer does)."""
        key = value if key is None else key
        q = self.project(query, self.query_kernel, self.query_bias) / math.sqrt(self.key_dim)
        k = self.project(key, self.key_kernel, self.key_bias)
        v = self.project(value, self.value_kernel, self.value_bias)
        scores = torch.matmul(q, k.transpose(-1, -2))
        allowed = None if key_mask is None else key_mask[:, None, None, :]
        if self.causal:
            causal = torch.ones(scores.shape[-2], scores.shape[-1], dtype=torch.bool, device=scores.device).tril()
            allowed = causal if allowed is None else allowed & causal
        if allowed is not None:  # one penalty however many reasons, as NN Designer's layer adds it
            scores = scores - (~allowed).to(scores.dtype) * 1e9
        weights = torch.softmax(scores, dim=-1)
        mixed = torch.matmul(F.dropout(weights, self.dropout, self.training), v)
        out = torch.einsum('bhsd,hdo->bso', mixed, self.output_kernel)
        if self.output_bias is not None:
            out = out + self.output_bias
        if query_mask is not None:
            out = out * query_mask.unsqueeze(-1).to(out.dtype)
        return (out, weights) if self.return_attention_scores else out
