import torch
from torch import nn


class Bidirectional(nn.Module):
    """Keras's Bidirectional: one copy reads forwards, one backwards; their outputs are merged."""

    def __init__(self, forward_layer, backward_layer, merge_mode):
        super().__init__()
        self.forward_layer, self.backward_layer, self.merge_mode = forward_layer, backward_layer, merge_mode

    def forward(self, x):
        ahead, behind = self.forward_layer(x), self.backward_layer(x)
        states = []
        if self.forward_layer.return_state:
            ahead, *forward_states = ahead
            behind, *backward_states = behind
            states = forward_states + backward_states
        if self.forward_layer.return_sequences:
            behind = behind.flip(1)  # back in time order
        if self.merge_mode == 'concat':
            out = torch.cat([ahead, behind], dim=-1)
        elif self.merge_mode == 'sum':
            out = ahead + behind
        elif self.merge_mode == 'mul':
            out = ahead * behind
        else:
            out = (ahead + behind) / 2
        return (out, *states) if states else out
