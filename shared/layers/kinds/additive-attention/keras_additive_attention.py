import keras
from keras import ops


@keras.saving.register_keras_serializable(package="nn_designer")
class AdditiveAttention(keras.layers.Layer):
    """Keras's AdditiveAttention (Bahdanau) as NN Designer computes it on [query, value] or [query, value, key]:
    score(i, j) = sum_d scale_d . tanh(query_i,d + key_j,d), softmax over j, the weighted sum of the values.
    A class of its own because Keras versions disagree on how the causal flag is passed."""

    def __init__(self, use_scale=True, causal=False, dropout=0.0, **kwargs):
        super().__init__(**kwargs)
        self.use_scale, self.causal, self.dropout = use_scale, causal, dropout

    def build(self, input_shape):
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(input_shape[0][-1],), initializer="glorot_uniform")

    def call(self, inputs, training=None):
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        terms = ops.tanh(ops.expand_dims(query, 2) + ops.expand_dims(key, 1))
        if self.use_scale:
            terms = terms * self.scale
        scores = ops.sum(terms, -1)
        if self.causal:
            steps_q, steps_k = ops.shape(scores)[1], ops.shape(scores)[2]
            future = ops.cast(ops.triu(ops.ones((steps_q, steps_k)), 1), scores.dtype)
            scores = scores - future * 1e9
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = keras.random.dropout(weights, self.dropout)
        return ops.matmul(weights, value)

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale, "causal": self.causal, "dropout": self.dropout}
