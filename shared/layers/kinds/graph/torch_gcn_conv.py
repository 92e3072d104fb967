import torch
from torch import nn

from torch_graph_ops import edge_endpoints, in_degree, scatter_sum  # beside this file; model.py defines them before this


class GCNConv(nn.Module):
    """Kipf & Welling's graph convolution: D^-1/2 (A + I) D^-1/2 · x · W + b, computed along the edges."""

    def __init__(self, in_features, units, use_bias=True, self_loops=True):
        super().__init__()
        self.linear = nn.Linear(in_features, units, bias=False)
        self.bias = nn.Parameter(torch.zeros(units)) if use_bias else None
        self.self_loops = self_loops

    def forward(self, x, edges):
        nodes = x.shape[0]
        source, target = edge_endpoints(edges, nodes)
        degree = in_degree(target, nodes, x) + (1.0 if self.self_loops else 0.0)
        inverse_sqrt = torch.where(degree > 0, degree.clamp(min=1.0).rsqrt(), torch.zeros_like(degree))
        h = self.linear(x)
        out = scatter_sum(h[source] * (inverse_sqrt[source] * inverse_sqrt[target]).unsqueeze(1), target, nodes)
        if self.self_loops:  # each node's own loop, weighted 1/deg, without n extra edges
            out = out + h * (inverse_sqrt * inverse_sqrt).unsqueeze(1)
        return out if self.bias is None else out + self.bias
