import keras
from keras import ops

from keras_graph_ops import activation_name, edge_endpoints, in_degree  # beside this file; model.py defines them before this


@keras.saving.register_keras_serializable(package="nn_designer")
class GCNConv(keras.layers.Layer):
    """Kipf & Welling's graph convolution: D^-1/2 (A + I) D^-1/2 . x . W + b, computed along the edges."""

    def __init__(self, units, activation="linear", use_bias=True, self_loops=True, **kwargs):
        super().__init__(**kwargs)
        self.units, self.use_bias, self.self_loops = units, use_bias, self_loops
        self.activation_name, self.activation = activation_name(activation), keras.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[0][-1], self.units), initializer="glorot_uniform")
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros") if self.use_bias else None

    def call(self, inputs):
        x, edges = inputs[0], inputs[1]
        nodes = ops.shape(x)[0]
        source, target = edge_endpoints(edges)
        degree = in_degree(target, nodes) + (1.0 if self.self_loops else 0.0)
        inverse_sqrt = ops.where(degree > 0, 1.0 / ops.sqrt(ops.maximum(degree, 1.0)), 0.0)
        h = ops.matmul(x, self.kernel)
        weight = ops.take(inverse_sqrt, source) * ops.take(inverse_sqrt, target)
        out = ops.segment_sum(ops.take(h, source, axis=0) * ops.expand_dims(weight, 1), target, num_segments=nodes)
        if self.self_loops:
            out = out + h * ops.expand_dims(inverse_sqrt * inverse_sqrt, 1)
        if self.bias is not None:
            out = out + self.bias
        return self.activation(out)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "activation": self.activation_name, "use_bias": self.use_bias, "self_loops": self.self_loops}
