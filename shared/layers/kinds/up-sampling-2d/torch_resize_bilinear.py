import torch


def resize_bilinear_legacy(x, scale_h, scale_w):
    """TensorFlow.js's bilinear up-sampling: source = target * in / out, without half-pixel centres."""
    def coords(size_in, size_out):
        source = torch.arange(size_out, device=x.device, dtype=x.dtype) * (size_in / size_out)
        low = source.floor().long().clamp(max=size_in - 1)
        return low, (low + 1).clamp(max=size_in - 1), source - low
    height, width = x.shape[2], x.shape[3]
    top, bottom, fy = coords(height, height * scale_h)
    left, right, fx = coords(width, width * scale_w)
    rows = x[:, :, top, :] + (x[:, :, bottom, :] - x[:, :, top, :]) * fy.view(1, 1, -1, 1)
    return rows[:, :, :, left] + (rows[:, :, :, right] - rows[:, :, :, left]) * fx.view(1, 1, 1, -1)
