from keras import ops


def psnr(y_true, y_pred):
    """Peak signal-to-noise ratio in dB for values in 0..1, per sample then averaged (NN Designer's psnr)."""
    squared = ops.reshape(ops.square(y_pred - y_true), (ops.shape(y_pred)[0], -1))
    return ops.mean(-4.342944819032518 * ops.log(ops.maximum(ops.mean(squared, axis=1), 1e-10)))  # -10 / ln 10
