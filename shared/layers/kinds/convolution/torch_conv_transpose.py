import torch.nn.functional as F
from torch import nn


class ConvTranspose2dTF(nn.ConvTranspose2d):
    """A transposed convolution sized as TensorFlow sizes it: 'same' gives input * stride,
    'valid' gives (input - 1) * stride + max(kernel, stride); the crop takes the odd row
    from the end, and the bias applies everywhere, the added rows too."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, tf_padding, bias=True):
        super().__init__(in_channels, out_channels, kernel_size, stride, bias=bias)
        self.tf_padding = tf_padding

    def forward(self, x):
        y = F.conv_transpose2d(x, self.weight, None, self.stride)
        for axis, (size, k, s) in enumerate(zip(x.shape[2:], self.kernel_size, self.stride)):
            before = max(k - s, 0) // 2 if self.tf_padding == 'same' else 0
            length = size * s if self.tf_padding == 'same' else size * s + max(k - s, 0)
            missing = before + length - y.shape[2 + axis]
            if missing > 0:
                pads = [0, 0, 0, missing] if axis == 0 else [0, missing, 0, 0]
                y = F.pad(y, pads)
            y = y.narrow(2 + axis, before, length)
        return y if self.bias is None else y + self.bias.view(1, -1, 1, 1)
