from torch import nn


class SeparableConv2d(nn.Module):
    """Keras's SeparableConv2D: a per-channel (depthwise) convolution, then a 1x1 one that mixes channels."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation, depth_multiplier, bias=True):
        super().__init__()
        self.depthwise = nn.Conv2d(in_channels, in_channels * depth_multiplier, kernel_size, stride, padding,
                                   dilation, groups=in_channels, bias=False)
        self.pointwise = nn.Conv2d(in_channels * depth_multiplier, out_channels, 1, bias=bias)

    def forward(self, x):
        return self.pointwise(self.depthwise(x))
