import keras
from keras import ops

from keras_graph_ops import mean_factor, segment_max_or_zero  # beside this file; model.py defines them before this


@keras.saving.register_keras_serializable(package="nn_designer")
class GraphReadout(keras.layers.Layer):
    """Pools node features into one row per graph by each node's graph id [N, 1] (ids 0 ... G-1; without ids, one graph)."""

    def __init__(self, mode="mean", **kwargs):
        super().__init__(**kwargs)
        self.mode = mode

    def call(self, inputs):
        inputs = inputs if isinstance(inputs, (list, tuple)) else [inputs]
        x = inputs[0]
        nodes = ops.shape(x)[0]
        ids = ops.reshape(ops.cast(inputs[1], "int32"), (-1,)) if len(inputs) > 1 else ops.zeros((nodes,), dtype="int32")
        graphs = ops.max(ids) + 1
        if self.mode == "max":
            return segment_max_or_zero(x, ids, graphs)
        summed = ops.segment_sum(x, ids, num_segments=graphs)
        return summed if self.mode == "sum" else summed * mean_factor(ids, graphs)

    def get_config(self):
        return {**super().get_config(), "mode": self.mode}
