import torch
from torch import nn

from torch_graph_ops import edge_endpoints, in_degree, scatter_max, scatter_sum  # beside this file; model.py defines them before this


class MessagePassing(nn.Module):
    """The general message-passing step: message m = [x_j ‖ e_ji] (identity) or a linear map of it,
    aggregated by sum / mean / max over the edges into each node, then update [x_i ‖ a_i] · W + b."""

    def __init__(self, in_features, edge_features, units, message='linear', message_units=16, aggregate='sum', self_loops=False, use_bias=True):
        super().__init__()
        message_input = in_features + edge_features
        width = message_units if message == 'linear' else message_input
        self.message = nn.Linear(message_input, width, bias=use_bias) if message == 'linear' else None
        self.update = nn.Linear(in_features + width, units, bias=use_bias)
        self.aggregate, self.self_loops = aggregate, self_loops

    def forward(self, x, edges, edge_features=None):
        nodes = x.shape[0]
        source, target = edge_endpoints(edges, nodes, self.self_loops)
        messages = x[source]
        if edge_features is not None:
            if self.self_loops:  # a node's message to itself carries zero edge features
                edge_features = torch.cat([edge_features, edge_features.new_zeros(nodes, edge_features.shape[1])])
            messages = torch.cat([messages, edge_features], 1)
        if self.message is not None:
            messages = self.message(messages)
        if self.aggregate == 'max':
            aggregated = scatter_max(messages, target, nodes)
        else:
            aggregated = scatter_sum(messages, target, nodes)
            if self.aggregate == 'mean':
                degree = in_degree(target, nodes, x)
                aggregated = aggregated * torch.where(degree > 0, 1.0 / degree.clamp(min=1.0), torch.zeros_like(degree)).unsqueeze(1)
        return self.update(torch.cat([x, aggregated], 1))
