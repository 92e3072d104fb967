import keras
from keras import ops


@keras.saving.register_keras_serializable(package="nn_designer")
class PositionalEmbedding(keras.layers.Layer):
    """A learned vector added to each step of a sequence, one per position (BERT, GPT)."""

    def __init__(self, max_length, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def build(self, input_shape):
        self.embeddings = self.add_weight(name="embeddings", shape=(self.max_length, input_shape[-1]), initializer="glorot_uniform")

    def call(self, x):
        return x + self.embeddings[: ops.shape(x)[1]]

    def get_config(self):
        return {**super().get_config(), "max_length": self.max_length}
