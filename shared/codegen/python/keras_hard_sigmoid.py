from keras import ops


def tfjs_hard_sigmoid(x):
    """TensorFlow.js's (and Keras 2's) hard sigmoid, clip(0.2 x + 0.5, 0, 1); Keras 3 changed its own."""
    return ops.clip(0.2 * x + 0.5, 0.0, 1.0)
