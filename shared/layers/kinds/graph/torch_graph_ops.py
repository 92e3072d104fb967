import torch


def edge_endpoints(edges, nodes, self_loops=False):
    """An edge index [E, 2] (source, target per row) as two index vectors, with a loop i → i per node appended when asked."""
    source, target = edges[:, 0].long(), edges[:, 1].long()
    if self_loops:
        loops = torch.arange(nodes, device=edges.device)
        source, target = torch.cat([source, loops]), torch.cat([target, loops])
    return source, target


def scatter_sum(values, index, size):
    """out[i] = sum of values[e] over the rows e with index[e] = i (rows that receive nothing stay 0)."""
    return values.new_zeros((size,) + tuple(values.shape[1:])).index_add(0, index, values)


def scatter_max(values, index, size):
    """out[i] = max of values[e] over the rows e with index[e] = i, per column; 0 where nothing arrives, as NN Designer does."""
    spread = index.view(-1, *([1] * (values.dim() - 1))).expand_as(values)
    return values.new_zeros((size,) + tuple(values.shape[1:])).scatter_reduce(0, spread, values, reduce='amax', include_self=False)


def in_degree(index, size, like):
    """How many rows of index point at each node, as a float vector."""
    return scatter_sum(torch.ones(index.shape[0], dtype=like.dtype, device=like.device), index, size)
