import torch
from torch import nn


class LayerNormOverAxis(nn.Module):
    """Keras's LayerNormalization along one axis, with scale and offset each optional."""

    def __init__(self, size, dim, eps, center=True, scale=True):
        super().__init__()
        self.dim, self.eps = dim, eps
        self.weight = nn.Parameter(torch.ones(size)) if scale else None
        self.bias = nn.Parameter(torch.zeros(size)) if center else None

    def forward(self, x):
        mean = x.mean(dim=self.dim, keepdim=True)
        variance = x.var(dim=self.dim, keepdim=True, unbiased=False)
        y = (x - mean) * torch.rsqrt(variance + self.eps)
        shape = [1] * x.dim()
        shape[self.dim] = -1
        if self.weight is not None:
            y = y * self.weight.view(shape)
        if self.bias is not None:
            y = y + self.bias.view(shape)
        return y
