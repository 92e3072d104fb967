from keras import ops


def overlap_metric(kind, sparse, name):
    """NN Designer's IoU (or Dice, 2·|A∩B| / (|A| + |B|)) of the predicted and target classes
    over the batch, averaged over the classes present in either; one sigmoid unit scores the
    foreground only; 1 when neither has any. `sparse`: the targets are class indices."""
    def metric(y_true, y_pred):
        units = y_pred.shape[-1]
        if sparse:
            predicted = ops.argmax(y_pred, axis=-1)
            actual = ops.cast(ops.reshape(y_true, ops.shape(predicted)), "int32")
            classes = units
        elif units == 1:
            predicted = ops.cast(y_pred[..., 0] > 0.5, "int32")
            actual = ops.cast(y_true[..., 0] > 0.5, "int32")
            classes = 2
        else:
            predicted = ops.argmax(y_pred, axis=-1)
            actual = ops.argmax(y_true, axis=-1)
            classes = units
        predicted_hot = ops.one_hot(ops.reshape(predicted, (-1,)), classes)
        actual_hot = ops.one_hot(ops.reshape(actual, (-1,)), classes)
        if units == 1 and not sparse:
            predicted_hot, actual_hot = predicted_hot[:, 1:], actual_hot[:, 1:]
        intersection = ops.sum(predicted_hot * actual_hot, axis=0)
        sizes = ops.sum(predicted_hot, axis=0) + ops.sum(actual_hot, axis=0)
        present = ops.cast(sizes > 0, "float32")
        if kind == "iou":
            per_class = intersection / ops.maximum(sizes - intersection, 1e-7)
        else:
            per_class = 2 * intersection / ops.maximum(sizes, 1e-7)
        count = ops.sum(present)
        return ops.where(count > 0, ops.sum(per_class * present) / ops.maximum(count, 1.0), 1.0)
    metric.__name__ = name
    return metric
