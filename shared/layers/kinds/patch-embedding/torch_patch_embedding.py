import torch
from torch import nn


class PatchEmbedding(nn.Module):
    """ViT's patch embedding: non-overlapping patch x patch squares of an N, C, H, W image, each projected
    to a vector, as a sequence [N, patches, dim] in row-major patch order, after a learned class token if asked."""

    def __init__(self, channels, patch_size, embed_dim, class_token=False):
        super().__init__()
        self.projection = nn.Conv2d(channels, embed_dim, patch_size, stride=patch_size)
        self.class_token = nn.Parameter(torch.zeros(1, 1, embed_dim)) if class_token else None

    def forward(self, x):
        sequence = self.projection(x).flatten(2).transpose(1, 2)
        if self.class_token is None:
            return sequence
        return torch.cat([self.class_token.expand(x.shape[0], -1, -1), sequence], 1)
