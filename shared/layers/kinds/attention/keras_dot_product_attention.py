import keras
from keras import ops


@keras.saving.register_keras_serializable(package="nn_designer")
class DotProductAttention(keras.layers.Layer):
    """Keras's Attention as NN Designer computes it on [query, value] or [query, value, key]:
    softmax(scale * query . key^T) . value, with an optional causal mask and dropout.
    A class of its own because Keras versions disagree on how the causal flag is passed."""

    def __init__(self, use_scale=False, causal=False, dropout=0.0, **kwargs):
        super().__init__(**kwargs)
        self.use_scale, self.causal, self.dropout = use_scale, causal, dropout

    def build(self, input_shape):
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")

    def call(self, inputs, training=None):
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        scores = ops.matmul(query, ops.transpose(key, (0, 2, 1)))
        if self.use_scale:
            scores = scores * self.scale
        if self.causal:
            steps_q, steps_v = ops.shape(scores)[1], ops.shape(scores)[2]
            allowed = ops.cast(ops.tril(ops.ones((steps_q, steps_v))), scores.dtype)
            scores = scores - (1.0 - allowed) * 1e9
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = keras.random.dropout(weights, self.dropout)
        return ops.matmul(weights, value)

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale, "causal": self.causal, "dropout": self.dropout}
