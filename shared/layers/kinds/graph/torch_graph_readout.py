import torch
from torch import nn

from torch_graph_ops import in_degree, scatter_max, scatter_sum  # beside this file; model.py defines them before this


class GraphReadout(nn.Module):
    """Pools node features into one row per graph by each node's graph id (ids 0 … G-1; without ids, one graph)."""

    def __init__(self, mode='mean'):
        super().__init__()
        self.mode = mode

    def forward(self, x, graph_ids=None):
        nodes = x.shape[0]
        ids = torch.zeros(nodes, dtype=torch.long, device=x.device) if graph_ids is None else graph_ids.reshape(-1).long()
        graphs = int(ids.max().item()) + 1 if nodes else 0
        if self.mode == 'max':
            return scatter_max(x, ids, graphs)
        summed = scatter_sum(x, ids, graphs)
        if self.mode == 'sum':
            return summed
        count = in_degree(ids, graphs, x)
        return summed * torch.where(count > 0, 1.0 / count.clamp(min=1.0), torch.zeros_like(count)).unsqueeze(1)
