import keras


@keras.saving.register_keras_serializable(package="nn_designer")
class TakeStep(keras.layers.Layer):
    """One step of a sequence: 0 for a class token, -1 for a decoder's last step."""

    def __init__(self, index, **kwargs):
        super().__init__(**kwargs)
        self.index = index

    def call(self, x):
        return x[:, self.index]

    def get_config(self):
        return {**super().get_config(), "index": self.index}
