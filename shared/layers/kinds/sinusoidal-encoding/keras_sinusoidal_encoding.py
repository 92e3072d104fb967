import keras
from keras import ops


@keras.saving.register_keras_serializable(package="nn_designer")
class SinusoidalPositionalEncoding(keras.layers.Layer):
    """The Transformer's fixed position code added to a sequence: sin on even features, cos on odd."""

    def __init__(self, base=10000.0, **kwargs):
        super().__init__(**kwargs)
        self.base = base

    def call(self, x):
        steps, features = ops.shape(x)[1], ops.shape(x)[2]
        position = ops.expand_dims(ops.arange(steps, dtype="float32"), 1)
        feature = ops.arange(features)
        angle = position / ops.power(self.base, ops.cast(2 * (feature // 2), "float32") / features)
        return x + ops.where(feature % 2 == 0, ops.sin(angle), ops.cos(angle))

    def get_config(self):
        return {**super().get_config(), "base": self.base}
