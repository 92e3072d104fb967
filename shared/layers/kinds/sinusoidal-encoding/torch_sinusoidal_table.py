import torch


def sinusoidal_table(steps, features, base, like):
    """The Transformer's fixed position code: sin(pos / base^(2i/d)) on even features, cos on odd."""
    position = torch.arange(steps, dtype=torch.float64).unsqueeze(1)
    feature = torch.arange(features)
    angle = position / base ** ((2 * (feature // 2)).double() / features)
    return torch.where(feature % 2 == 0, angle.sin(), angle.cos()).to(like.dtype).to(like.device)
