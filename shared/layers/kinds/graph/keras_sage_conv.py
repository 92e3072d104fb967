import keras
from keras import ops

from keras_graph_ops import activation_name, edge_endpoints, mean_factor  # beside this file; model.py defines them before this


@keras.saving.register_keras_serializable(package="nn_designer")
class SAGEConv(keras.layers.Layer):
    """GraphSAGE with the mean aggregator: [x_i || mean of x_j over the edges j -> i] . W + b."""

    def __init__(self, units, activation="linear", use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.units, self.use_bias = units, use_bias
        self.activation_name, self.activation = activation_name(activation), keras.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(2 * input_shape[0][-1], self.units), initializer="glorot_uniform")
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros") if self.use_bias else None

    def call(self, inputs):
        x, edges = inputs[0], inputs[1]
        nodes = ops.shape(x)[0]
        source, target = edge_endpoints(edges)
        mean = ops.segment_sum(ops.take(x, source, axis=0), target, num_segments=nodes) * mean_factor(target, nodes)
        out = ops.matmul(ops.concatenate([x, mean], 1), self.kernel)
        if self.bias is not None:
            out = out + self.bias
        return self.activation(out)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "activation": self.activation_name, "use_bias": self.use_bias}
