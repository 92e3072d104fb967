import math

import torch.nn.functional as F


def pad_same(x, kernel, stride, dilation, value=0.0):
    """TensorFlow's 'same' padding: output size ceil(input / stride), the odd cell padded after."""
    pads = []
    for size, k, s, d in reversed(list(zip(x.shape[2:], kernel, stride, dilation))):
        total = max((math.ceil(size / s) - 1) * s + (k - 1) * d + 1 - size, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads, value=value)
