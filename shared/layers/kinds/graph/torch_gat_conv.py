import math

import torch
import torch.nn.functional as F
from torch import nn

from torch_graph_ops import edge_endpoints, scatter_max, scatter_sum  # beside this file; model.py defines them before this


class GATConv(nn.Module):
    """Graph attention (Veličković et al.): per head, softmax over a node's incoming edges of
    leaky_relu(a_src · z_j + a_dst · z_i), z = x · W; heads side by side or averaged."""

    def __init__(self, in_features, units, heads=1, concat_heads=True, negative_slope=0.2, self_loops=True, use_bias=True):
        super().__init__()
        self.units, self.heads, self.concat_heads = units, heads, concat_heads
        self.negative_slope, self.self_loops = negative_slope, self_loops
        self.linear = nn.Linear(in_features, heads * units, bias=False)
        bound = math.sqrt(6 / (heads + units))
        self.attention_source = nn.Parameter(torch.empty(heads, units).uniform_(-bound, bound))
        self.attention_target = nn.Parameter(torch.empty(heads, units).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.zeros(heads * units if concat_heads else units)) if use_bias else None

    def forward(self, x, edges):
        nodes = x.shape[0]
        source, target = edge_endpoints(edges, nodes, self.self_loops)
        z = self.linear(x).view(nodes, self.heads, self.units)
        source_score = (z * self.attention_source).sum(-1)
        target_score = (z * self.attention_target).sum(-1)
        scores = F.leaky_relu(source_score[source] + target_score[target], self.negative_slope)
        shift = scatter_max(scores, target, nodes).detach()  # a constant: keeps exp() finite, changes no gradient
        weights = torch.exp(scores - shift[target])
        weights = weights / scatter_sum(weights, target, nodes)[target]
        out = scatter_sum(z[source] * weights.unsqueeze(-1), target, nodes)
        out = out.reshape(nodes, self.heads * self.units) if self.concat_heads else out.mean(1)
        return out if self.bias is None else out + self.bias
