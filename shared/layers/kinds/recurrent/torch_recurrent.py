import torch
import torch.nn.functional as F
from torch import nn


KERAS_ACTIVATIONS = {
    'linear': lambda x: x,
    'relu': torch.relu,
    'relu6': F.relu6,
    'elu': F.elu,
    'selu': torch.selu,
    'sigmoid': torch.sigmoid,
    'hardSigmoid': lambda x: torch.clamp(0.2 * x + 0.5, 0.0, 1.0),
    'tanh': torch.tanh,
    'softmax': lambda x: torch.softmax(x, dim=-1),
    'softplus': F.softplus,
    'softsign': F.softsign,
    'swish': F.silu,
    'mish': F.mish,
    'gelu': F.gelu,
}


class Recurrent(nn.Module):
    """LSTM, GRU or SimpleRNN as Keras computes them, on batch-first sequences.

    Weights are in PyTorch's layout and gate order (LSTM i, f, g, o; GRU r, z, n). Keras has
    one bias per gate where PyTorch's fused kernels take two, so the second is a zero buffer,
    except for a GRU with reset_after, which keeps both as Keras does. The fused kernel runs
    whenever it computes the same function; other activations, Keras's original GRU
    (reset_after=False) and recurrent dropout run step by step.
    Returns the last output (or every step's), followed by the final states when asked.
    mask [batch, steps] (True = a real step) mirrors tfjs's masked RNN: at a masked step the
    states and the output keep their previous values, so the last output is the state after
    the last real step.
    """

    GATES = {'LSTM': 4, 'GRU': 3, 'SimpleRNN': 1}

    def __init__(self, cell, input_size, units, activation='tanh', recurrent_activation='sigmoid',
                 use_bias=True, reset_after=False, return_sequences=False, return_state=False,
                 go_backwards=False, dropout=0.0, recurrent_dropout=0.0):
        super().__init__()
        self.cell, self.units = cell, units
        self.activation, self.recurrent_activation = activation, recurrent_activation
        self.reset_after = cell == 'GRU' and reset_after
        self.return_sequences, self.return_state, self.go_backwards = return_sequences, return_state, go_backwards
        self.dropout, self.recurrent_dropout = dropout, recurrent_dropout
        rows = self.GATES[cell] * units
        self.weight_ih = nn.Parameter(nn.init.xavier_uniform_(torch.empty(rows, input_size)))
        self.weight_hh = nn.Parameter(torch.cat([nn.init.orthogonal_(torch.empty(units, units)) for _ in range(self.GATES[cell])]))
        self.use_bias = use_bias
        if use_bias:
            bias = torch.zeros(rows)
            if cell == 'LSTM':
                bias[units:2 * units] = 1.0  # Keras's unit_forget_bias: remember by default
            self.bias_ih = nn.Parameter(bias)
            if self.reset_after:
                self.bias_hh = nn.Parameter(torch.zeros(rows))
            else:
                self.register_buffer('bias_hh', torch.zeros(rows), persistent=False)

    def fused(self):
        if self.training and self.recurrent_dropout > 0:
            return None
        if self.cell == 'SimpleRNN' and self.activation in ('tanh', 'relu'):
            return torch.rnn_tanh if self.activation == 'tanh' else torch.rnn_relu
        standard = self.activation == 'tanh' and self.recurrent_activation == 'sigmoid'
        if self.cell == 'LSTM' and standard:
            return torch.lstm
        if self.cell == 'GRU' and standard and self.reset_after:
            return torch.gru
        return None

    def forward(self, x, mask=None):
        if self.go_backwards:
            x = x.flip(1)
            mask = None if mask is None else mask.flip(1)
        if self.training and self.dropout > 0:
            x = x * F.dropout(torch.ones_like(x[:, :1]), self.dropout, True)
        h = x.new_zeros(1, x.shape[0], self.units)
        weights = [self.weight_ih, self.weight_hh] + ([self.bias_ih, self.bias_hh] if self.use_bias else [])
        kernel = self.fused()
        if mask is not None:
            sequence, states = self.step_by_step(x, mask)
        elif kernel is torch.lstm:
            sequence, h, c = kernel(x, (h, h), weights, self.use_bias, 1, 0.0, self.training, False, True)
            states = [h[0], c[0]]
        elif kernel is not None:
            sequence, h = kernel(x, h, weights, self.use_bias, 1, 0.0, self.training, False, True)
            states = [h[0]]
        else:
            sequence, states = self.step_by_step(x)
        out = sequence if self.return_sequences else sequence[:, -1]
        return (out, *states) if self.return_state else out

    def step_by_step(self, x, mask=None):
        act = KERAS_ACTIVATIONS[self.activation]
        gate = KERAS_ACTIVATIONS[self.recurrent_activation]
        inputs = F.linear(x, self.weight_ih, self.bias_ih if self.use_bias else None)
        h = x.new_zeros(x.shape[0], self.units)
        c = x.new_zeros(x.shape[0], self.units)
        dropped = None
        if self.training and self.recurrent_dropout > 0:
            dropped = F.dropout(torch.ones_like(h), self.recurrent_dropout, True)
        outputs = []
        for t in range(x.shape[1]):
            h_before, c_before = h, c
            hm = h if dropped is None else h * dropped
            if self.cell == 'LSTM':
                gates = inputs[:, t] + F.linear(hm, self.weight_hh)
                i, f, g, o = gates.chunk(4, dim=1)
                c = gate(f) * c + gate(i) * act(g)
                h = gate(o) * act(c)
            elif self.cell == 'GRU':
                xr, xz, xn = inputs[:, t].chunk(3, dim=1)
                wr, wz, wn = self.weight_hh.chunk(3, dim=0)
                if self.reset_after:
                    hr, hz, hn = (F.linear(hm, self.weight_hh) + self.bias_hh if self.use_bias else F.linear(hm, self.weight_hh)).chunk(3, dim=1)
                    r, z = gate(xr + hr), gate(xz + hz)
                    n = act(xn + r * hn)
                else:
                    r, z = gate(xr + F.linear(hm, wr)), gate(xz + F.linear(hm, wz))
                    n = act(xn + F.linear(r * hm, wn))
                h = z * h + (1 - z) * n
            else:
                h = act(inputs[:, t] + F.linear(hm, self.weight_hh))
            if mask is not None:  # a padded step changes nothing
                real = mask[:, t].unsqueeze(1)
                h, c = torch.where(real, h, h_before), torch.where(real, c, c_before)
            outputs.append(h)
        states = [h, c] if self.cell == 'LSTM' else [h]
        return torch.stack(outputs, dim=1), states
