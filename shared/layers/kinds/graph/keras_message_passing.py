import keras
from keras import ops

from keras_graph_ops import activation_name, edge_endpoints, mean_factor, segment_max_or_zero  # beside this file; model.py defines them before this


@keras.saving.register_keras_serializable(package="nn_designer")
class MessagePassing(keras.layers.Layer):
    """Messages [x_j || e_ji] (identity) or a linear map of them, summed / averaged / maxed into each node,
    then the update [x_i || a_i] . W + b. Called on [nodes, edges] or [nodes, edges, edge features]."""

    def __init__(self, units, message="linear", message_units=16, aggregate="sum", activation="linear", self_loops=False, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.activation_name, self.activation = activation_name(activation), keras.activations.get(activation)
        self.units, self.message, self.message_units = units, message, message_units
        self.aggregate, self.self_loops, self.use_bias = aggregate, self_loops, use_bias

    def build(self, input_shape):
        features = input_shape[0][-1]
        message_input = features + (input_shape[2][-1] if len(input_shape) > 2 else 0)
        width = self.message_units if self.message == "linear" else message_input
        self.message_kernel = self.message_bias = None
        if self.message == "linear":
            self.message_kernel = self.add_weight(name="message_kernel", shape=(message_input, width), initializer="glorot_uniform")
            if self.use_bias:
                self.message_bias = self.add_weight(name="message_bias", shape=(width,), initializer="zeros")
        self.update_kernel = self.add_weight(name="update_kernel", shape=(features + width, self.units), initializer="glorot_uniform")
        self.update_bias = self.add_weight(name="update_bias", shape=(self.units,), initializer="zeros") if self.use_bias else None

    def call(self, inputs):
        x, edges = inputs[0], inputs[1]
        nodes = ops.shape(x)[0]
        source, target = edge_endpoints(edges, nodes, self.self_loops)
        messages = ops.take(x, source, axis=0)
        if len(inputs) > 2:
            edge_features = inputs[2]
            if self.self_loops:  # a node's message to itself carries zero edge features
                edge_features = ops.concatenate([edge_features, ops.zeros((nodes, ops.shape(edge_features)[1]))])
            messages = ops.concatenate([messages, edge_features], 1)
        if self.message_kernel is not None:
            messages = ops.matmul(messages, self.message_kernel)
            if self.message_bias is not None:
                messages = messages + self.message_bias
        if self.aggregate == "max":
            aggregated = segment_max_or_zero(messages, target, nodes)
        else:
            aggregated = ops.segment_sum(messages, target, num_segments=nodes)
            if self.aggregate == "mean":
                aggregated = aggregated * mean_factor(target, nodes)
        out = ops.matmul(ops.concatenate([x, aggregated], 1), self.update_kernel)
        if self.update_bias is not None:
            out = out + self.update_bias
        return self.activation(out)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "message": self.message, "message_units": self.message_units,
                "aggregate": self.aggregate, "activation": self.activation_name, "self_loops": self.self_loops, "use_bias": self.use_bias}
