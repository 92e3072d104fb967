import keras
from keras import ops


class Perplexity(keras.metrics.Metric):
    """e^(mean crossentropy) over the epoch: the crossentropy is averaged first, then exponentiated."""

    def __init__(self, sparse=True, name="perplexity", **kwargs):
        super().__init__(name=name, **kwargs)
        self.sparse = sparse
        self.total = self.add_variable(shape=(), initializer="zeros", name="total")
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")

    def update_state(self, y_true, y_pred, sample_weight=None):
        if self.sparse:
            crossentropy = keras.losses.sparse_categorical_crossentropy(y_true, y_pred)
        else:
            crossentropy = keras.losses.categorical_crossentropy(y_true, y_pred)
        self.total.assign_add(ops.sum(crossentropy))
        self.count.assign_add(ops.cast(ops.size(crossentropy), "float32"))

    def result(self):
        return ops.exp(self.total / ops.maximum(self.count, 1.0))

    def reset_state(self):
        self.total.assign(0.0)
        self.count.assign(0.0)
