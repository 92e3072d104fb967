from keras import ops


def edge_endpoints(edges, nodes=None, self_loops=False):
    """An edge index [E, 2] (source, target per row) as two int vectors, with a loop i -> i per node appended when asked."""
    edges = ops.cast(edges, "int32")
    source, target = edges[:, 0], edges[:, 1]
    if self_loops:
        loops = ops.arange(nodes, dtype="int32")
        source, target = ops.concatenate([source, loops]), ops.concatenate([target, loops])
    return source, target


def in_degree(index, size):
    """How many entries of index point at each of size nodes (or graphs), as floats."""
    return ops.segment_sum(ops.ones_like(index, dtype="float32"), index, num_segments=size)


def segment_max_or_zero(values, index, size):
    """The per-column max of the rows sent to each segment; 0 where nothing arrives, as NN Designer does."""
    best = ops.segment_max(values, index, num_segments=size)
    received = ops.reshape(in_degree(index, size) > 0, (-1,) + (1,) * (len(values.shape) - 1))
    return ops.where(received, best, ops.zeros_like(best))


def mean_factor(index, size):
    """1 / (entries per segment) as a column, 0 for an empty segment."""
    count = in_degree(index, size)
    return ops.expand_dims(ops.where(count > 0, 1.0 / ops.maximum(count, 1.0), 0.0), 1)


def activation_name(activation):
    """An activation as get_config keeps it: its name, or the name of the function given."""
    return activation if isinstance(activation, str) else activation.__name__
