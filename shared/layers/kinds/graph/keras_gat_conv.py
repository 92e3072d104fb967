import keras
from keras import ops

from keras_graph_ops import activation_name, edge_endpoints, segment_max_or_zero  # beside this file; model.py defines them before this


@keras.saving.register_keras_serializable(package="nn_designer")
class GATConv(keras.layers.Layer):
    """Graph attention: per head, softmax over a node's incoming edges of leaky_relu(a_src . z_j + a_dst . z_i), z = x . W."""

    def __init__(self, units, heads=1, concat_heads=True, negative_slope=0.2, activation="linear", self_loops=True, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.activation_name, self.activation = activation_name(activation), keras.activations.get(activation)
        self.units, self.heads, self.concat_heads = units, heads, concat_heads
        self.negative_slope, self.self_loops, self.use_bias = negative_slope, self_loops, use_bias

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[0][-1], self.heads * self.units), initializer="glorot_uniform")
        self.attention_source = self.add_weight(name="attention_source", shape=(self.heads, self.units), initializer="glorot_uniform")
        self.attention_target = self.add_weight(name="attention_target", shape=(self.heads, self.units), initializer="glorot_uniform")
        width = self.heads * self.units if self.concat_heads else self.units
        self.bias = self.add_weight(name="bias", shape=(width,), initializer="zeros") if self.use_bias else None

    def call(self, inputs):
        x, edges = inputs[0], inputs[1]
        nodes = ops.shape(x)[0]
        source, target = edge_endpoints(edges, nodes, self.self_loops)
        z = ops.reshape(ops.matmul(x, self.kernel), (nodes, self.heads, self.units))
        source_score = ops.sum(z * self.attention_source, -1)
        target_score = ops.sum(z * self.attention_target, -1)
        scores = ops.leaky_relu(ops.take(source_score, source, axis=0) + ops.take(target_score, target, axis=0), self.negative_slope)
        shift = ops.stop_gradient(segment_max_or_zero(scores, target, nodes))
        weights = ops.exp(scores - ops.take(shift, target, axis=0))
        weights = weights / ops.take(ops.segment_sum(weights, target, num_segments=nodes), target, axis=0)
        out = ops.segment_sum(ops.take(z, source, axis=0) * ops.expand_dims(weights, -1), target, num_segments=nodes)
        out = ops.reshape(out, (nodes, self.heads * self.units)) if self.concat_heads else ops.mean(out, 1)
        if self.bias is not None:
            out = out + self.bias
        return self.activation(out)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "heads": self.heads, "concat_heads": self.concat_heads,
                "negative_slope": self.negative_slope, "activation": self.activation_name, "self_loops": self.self_loops, "use_bias": self.use_bias}
