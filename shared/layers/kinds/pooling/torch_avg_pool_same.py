import torch
import torch.nn.functional as F

from torch_pad_same import pad_same  # shared/codegen/python; model.py defines it before this


def avg_pool_same(x, kernel, stride):
    """Average pooling with TensorFlow's 'same' padding: padded cells do not count in an average."""
    pool = F.avg_pool2d if x.dim() == 4 else F.avg_pool1d
    ones = (1,) * len(kernel)
    total = pool(pad_same(x, kernel, stride, ones), kernel, stride)
    count = pool(pad_same(torch.ones_like(x[:1, :1]), kernel, stride, ones), kernel, stride)
    return total / count
