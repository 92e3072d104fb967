def channels_last(x):
    """N, C, H, W → N, H, W, C: the layout NN Designer (and TensorFlow) reason in."""
    return x.permute(0, 2, 3, 1)


def channels_first(x):
    """N, H, W, C → N, C, H, W: PyTorch's layout for images."""
    return x.permute(0, 3, 1, 2)
