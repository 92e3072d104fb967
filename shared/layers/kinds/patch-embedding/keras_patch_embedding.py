import keras
from keras import ops


@keras.saving.register_keras_serializable(package="nn_designer")
class PatchEmbedding(keras.layers.Layer):
    """ViT's patch embedding: non-overlapping patch x patch squares, each projected to embed_dim numbers,
    as a sequence [batch, patches, embed_dim] in row-major patch order, after a learned class token if asked."""

    def __init__(self, patch_size, embed_dim, class_token=False, **kwargs):
        super().__init__(**kwargs)
        self.patch_size, self.embed_dim, self.class_token = patch_size, embed_dim, class_token

    def build(self, input_shape):
        p = self.patch_size
        self.kernel = self.add_weight(name="kernel", shape=(p, p, input_shape[-1], self.embed_dim), initializer="glorot_uniform")
        self.bias = self.add_weight(name="bias", shape=(self.embed_dim,), initializer="zeros")
        self.token = self.add_weight(name="class_token", shape=(1, 1, self.embed_dim), initializer="zeros") if self.class_token else None

    def call(self, x):
        projected = ops.conv(x, self.kernel, strides=self.patch_size, padding="valid") + self.bias
        sequence = ops.reshape(projected, (ops.shape(x)[0], -1, self.embed_dim))
        if self.token is None:
            return sequence
        return ops.concatenate([ops.tile(self.token, (ops.shape(x)[0], 1, 1)), sequence], 1)

    def get_config(self):
        return {**super().get_config(), "patch_size": self.patch_size, "embed_dim": self.embed_dim, "class_token": self.class_token}
