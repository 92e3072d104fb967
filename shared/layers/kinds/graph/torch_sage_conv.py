import torch
from torch import nn

from torch_graph_ops import edge_endpoints, in_degree, scatter_sum  # beside this file; model.py defines them before this


class SAGEConv(nn.Module):
    """GraphSAGE with the mean aggregator: [x_i ‖ mean of x_j over the edges j → i] · W + b (0 for a node nothing points at)."""

    def __init__(self, in_features, units, use_bias=True):
        super().__init__()
        self.linear = nn.Linear(2 * in_features, units, bias=use_bias)

    def forward(self, x, edges):
        nodes = x.shape[0]
        source, target = edge_endpoints(edges, nodes)
        degree = in_degree(target, nodes, x)
        inverse = torch.where(degree > 0, 1.0 / degree.clamp(min=1.0), torch.zeros_like(degree))
        mean = scatter_sum(x[source], target, nodes) * inverse.unsqueeze(1)
        return self.linear(torch.cat([x, mean], 1))
