def time_distributed(step, x):
    """Applies step to every time step at once: folds time into the batch and back."""
    batch, steps = x.shape[0], x.shape[1]
    y = step(x.reshape(batch * steps, *x.shape[2:]))
    return y.reshape(batch, steps, *y.shape[1:])
