/**
 * Python helpers model.py may need, by name. Only the ones a graph uses are written into
 * its model.py, so a plain MLP reads as a plain MLP. Kept as text here because shared/
 * cannot read files; each is short and says why it exists.
 */
export const PYTHON_HELPERS: Record<string, string> = {
  layout: String.raw`
def channels_last(x):
    """N, C, H, W → N, H, W, C: the layout NN Designer (and TensorFlow) reason in."""
    return x.permute(0, 2, 3, 1)


def channels_first(x):
    """N, H, W, C → N, C, H, W: PyTorch's layout for images."""
    return x.permute(0, 3, 1, 2)
`,
  pad_same: String.raw`
def pad_same(x, kernel, stride, dilation, value=0.0):
    """TensorFlow's 'same' padding: output size ceil(input / stride), the odd cell padded after."""
    pads = []
    for size, k, s, d in reversed(list(zip(x.shape[2:], kernel, stride, dilation))):
        total = max((math.ceil(size / s) - 1) * s + (k - 1) * d + 1 - size, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads, value=value)
`,
  avg_pool_same: String.raw`
def avg_pool_same(x, kernel, stride):
    """Average pooling with TensorFlow's 'same' padding: padded cells do not count in an average."""
    pool = F.avg_pool2d if x.dim() == 4 else F.avg_pool1d
    ones = (1,) * len(kernel)
    total = pool(pad_same(x, kernel, stride, ones), kernel, stride)
    count = pool(pad_same(torch.ones_like(x[:1, :1]), kernel, stride, ones), kernel, stride)
    return total / count
`,
  resize_bilinear_legacy: String.raw`
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
`,
  time_distributed: String.raw`
def time_distributed(step, x):
    """Applies step to every time step at once: folds time into the batch and back."""
    batch, steps = x.shape[0], x.shape[1]
    y = step(x.reshape(batch * steps, *x.shape[2:]))
    return y.reshape(batch, steps, *y.shape[1:])
`,
  activations: String.raw`
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
`,
  ConvTranspose2dSame: String.raw`
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
`,
  SeparableConv2d: String.raw`
class SeparableConv2d(nn.Module):
    """Keras's SeparableConv2D: a per-channel (depthwise) convolution, then a 1x1 one that mixes channels."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation, depth_multiplier, bias=True):
        super().__init__()
        self.depthwise = nn.Conv2d(in_channels, in_channels * depth_multiplier, kernel_size, stride, padding,
                                   dilation, groups=in_channels, bias=False)
        self.pointwise = nn.Conv2d(in_channels * depth_multiplier, out_channels, 1, bias=bias)

    def forward(self, x):
        return self.pointwise(self.depthwise(x))
`,
  LayerNormOverAxis: String.raw`
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
`,
  Recurrent: String.raw`
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
`,
  Bidirectional: String.raw`
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
`,
  DotProductAttention: String.raw`
class DotProductAttention(nn.Module):
    """Keras's Attention layer: softmax(scale * query . key^T) . value; the key defaults to the value."""

    def __init__(self, use_scale=False, causal=False, dropout=0.0):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(())) if use_scale else None
        self.causal, self.dropout = causal, dropout

    def forward(self, query, value, key=None):
        key = value if key is None else key
        scores = torch.matmul(query, key.transpose(1, 2))
        if self.scale is not None:
            scores = scores * self.scale
        if self.causal:
            steps_q, steps_v = scores.shape[-2], scores.shape[-1]
            allowed = torch.ones(steps_q, steps_v, dtype=torch.bool, device=scores.device).tril()
            scores = scores - (~allowed).float() * 1e9
        weights = torch.softmax(scores, dim=-1)
        weights = F.dropout(weights, self.dropout, self.training)
        return torch.matmul(weights, value)
`,
  MultiHeadAttention: String.raw`
class MultiHeadAttention(nn.Module):
    """Keras's MultiHeadAttention, with its weight layout: query, key and value kernels
    [features, heads, dim], biases [heads, dim], output kernel [heads, value_dim, features]."""

    def __init__(self, query_features, value_features, key_features, heads, key_dim, value_dim, output_features,
                 use_bias=True, dropout=0.0, causal=False, return_attention_scores=False):
        super().__init__()
        self.heads, self.key_dim, self.dropout, self.causal = heads, key_dim, dropout, causal
        self.return_attention_scores = return_attention_scores

        def kernel(*shape):
            fan_in, fan_out = shape[0], math.prod(shape[1:])
            bound = math.sqrt(6 / (fan_in + fan_out))
            return nn.Parameter(torch.empty(*shape).uniform_(-bound, bound))
        self.query_kernel = kernel(query_features, heads, key_dim)
        self.key_kernel = kernel(key_features, heads, key_dim)
        self.value_kernel = kernel(value_features, heads, value_dim)
        self.output_kernel = kernel(heads, value_dim, output_features)
        if use_bias:
            self.query_bias = nn.Parameter(torch.zeros(heads, key_dim))
            self.key_bias = nn.Parameter(torch.zeros(heads, key_dim))
            self.value_bias = nn.Parameter(torch.zeros(heads, value_dim))
            self.output_bias = nn.Parameter(torch.zeros(output_features))
        else:
            self.query_bias = self.key_bias = self.value_bias = self.output_bias = None

    @staticmethod
    def project(x, kernel, bias):
        y = torch.einsum('bsf,fhd->bhsd', x, kernel)
        return y if bias is None else y + bias.unsqueeze(1)

    def forward(self, query, value, key=None, query_mask=None, key_mask=None):
        """Masks are [batch, steps], True = a real step: key_mask hides padded keys from every
        query, query_mask zeroes the output rows of padded queries (as NN Designer's layer does)."""
        key = value if key is None else key
        q = self.project(query, self.query_kernel, self.query_bias) / math.sqrt(self.key_dim)
        k = self.project(key, self.key_kernel, self.key_bias)
        v = self.project(value, self.value_kernel, self.value_bias)
        scores = torch.matmul(q, k.transpose(-1, -2))
        allowed = None if key_mask is None else key_mask[:, None, None, :]
        if self.causal:
            causal = torch.ones(scores.shape[-2], scores.shape[-1], dtype=torch.bool, device=scores.device).tril()
            allowed = causal if allowed is None else allowed & causal
        if allowed is not None:  # one penalty however many reasons, as NN Designer's layer adds it
            scores = scores - (~allowed).to(scores.dtype) * 1e9
        weights = torch.softmax(scores, dim=-1)
        mixed = torch.matmul(F.dropout(weights, self.dropout, self.training), v)
        out = torch.einsum('bhsd,hdo->bso', mixed, self.output_kernel)
        if self.output_bias is not None:
            out = out + self.output_bias
        if query_mask is not None:
            out = out * query_mask.unsqueeze(-1).to(out.dtype)
        return (out, weights) if self.return_attention_scores else out
`,
  PositionalEmbedding: String.raw`
class PositionalEmbedding(nn.Module):
    """A learned vector added to each step of a sequence, one per position (BERT, GPT)."""

    def __init__(self, max_length, features):
        super().__init__()
        bound = math.sqrt(6 / (max_length + features))
        self.embeddings = nn.Parameter(torch.empty(max_length, features).uniform_(-bound, bound))

    def forward(self, x):
        return x + self.embeddings[:x.shape[1]]
`,
  sinusoidal_table: String.raw`
def sinusoidal_table(steps, features, base, like):
    """The Transformer's fixed position code: sin(pos / base^(2i/d)) on even features, cos on odd."""
    position = torch.arange(steps, dtype=torch.float64).unsqueeze(1)
    feature = torch.arange(features)
    angle = position / base ** ((2 * (feature // 2)).double() / features)
    return torch.where(feature % 2 == 0, angle.sin(), angle.cos()).to(like.dtype).to(like.device)
`,
  graph_ops: String.raw`
def edge_endpoints(edges, nodes, self_loops=False):
    """An edge index [E, 2] (source, target per row) as two index vectors, with a loop i → i per node appended when asked."""
    source, target = edges[:, 0].long(), edges[:, 1].long()
    if self_loops:
        loops = torch.arange(nodes, device=edges.device)
        source, target = torch.cat([source, loops]), torch.cat([target, loops])
    return source, target


def scatter_sum(values, index, size):
    """out[i] = sum of values[e] over the rows e with index[e] = i (rows that receive nothing stay 0)."""
    return values.new_zeros((size,) + tuple(values.shape[1:])).index_add(0, index, values)


def scatter_max(values, index, size):
    """out[i] = max of values[e] over the rows e with index[e] = i, per column; 0 where nothing arrives, as NN Designer does."""
    spread = index.view(-1, *([1] * (values.dim() - 1))).expand_as(values)
    return values.new_zeros((size,) + tuple(values.shape[1:])).scatter_reduce(0, spread, values, reduce='amax', include_self=False)


def in_degree(index, size, like):
    """How many rows of index point at each node, as a float vector."""
    return scatter_sum(torch.ones(index.shape[0], dtype=like.dtype, device=like.device), index, size)
`,
  GCNConv: String.raw`
class GCNConv(nn.Module):
    """Kipf & Welling's graph convolution: D^-1/2 (A + I) D^-1/2 · x · W + b, computed along the edges."""

    def __init__(self, in_features, units, use_bias=True, self_loops=True):
        super().__init__()
        self.linear = nn.Linear(in_features, units, bias=False)
        self.bias = nn.Parameter(torch.zeros(units)) if use_bias else None
        self.self_loops = self_loops

    def forward(self, x, edges):
        nodes = x.shape[0]
        source, target = edge_endpoints(edges, nodes)
        degree = in_degree(target, nodes, x) + (1.0 if self.self_loops else 0.0)
        inverse_sqrt = torch.where(degree > 0, degree.clamp(min=1.0).rsqrt(), torch.zeros_like(degree))
        h = self.linear(x)
        out = scatter_sum(h[source] * (inverse_sqrt[source] * inverse_sqrt[target]).unsqueeze(1), target, nodes)
        if self.self_loops:  # each node's own loop, weighted 1/deg, without n extra edges
            out = out + h * (inverse_sqrt * inverse_sqrt).unsqueeze(1)
        return out if self.bias is None else out + self.bias
`,
  SAGEConv: String.raw`
class SAGEConv(nn.Module):
    """GraphSAGE with the mean aggregator: [x_i ‖ mean of x_j over the edges j → i] · W + b (0 for a node nothing points at)."""

    def __init__(self, in_features, units, use_bias=True):
        super().__init__()
        self.linear = nn.Linear(2 * in_features, units, bias=use_bias)

    def forward(self, x, edges):
        nodes = x.shape[0]
        source, target = edge_endpoints(edges, nodes)
        degree = in_degree(target, nodes, x)
        inverse = torch.where(degree > 0, 1.0 / degree.clamp(min=1.0), torch.zeros_like(degree))
        mean = scatter_sum(x[source], target, nodes) * inverse.unsqueeze(1)
        return self.linear(torch.cat([x, mean], 1))
`,
  GATConv: String.raw`
class GATConv(nn.Module):
    """Graph attention (Veličković et al.): per head, softmax over a node's incoming edges of
    leaky_relu(a_src · z_j + a_dst · z_i), z = x · W; heads side by side or averaged."""

    def __init__(self, in_features, units, heads=1, concat_heads=True, negative_slope=0.2, self_loops=True, use_bias=True):
        super().__init__()
        self.units, self.heads, self.concat_heads = units, heads, concat_heads
        self.negative_slope, self.self_loops = negative_slope, self_loops
        self.linear = nn.Linear(in_features, heads * units, bias=False)
        bound = math.sqrt(6 / (heads + units))
        self.attention_source = nn.Parameter(torch.empty(heads, units).uniform_(-bound, bound))
        self.attention_target = nn.Parameter(torch.empty(heads, units).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.zeros(heads * units if concat_heads else units)) if use_bias else None

    def forward(self, x, edges):
        nodes = x.shape[0]
        source, target = edge_endpoints(edges, nodes, self.self_loops)
        z = self.linear(x).view(nodes, self.heads, self.units)
        source_score = (z * self.attention_source).sum(-1)
        target_score = (z * self.attention_target).sum(-1)
        scores = F.leaky_relu(source_score[source] + target_score[target], self.negative_slope)
        shift = scatter_max(scores, target, nodes).detach()  # a constant: keeps exp() finite, changes no gradient
        weights = torch.exp(scores - shift[target])
        weights = weights / scatter_sum(weights, target, nodes)[target]
        out = scatter_sum(z[source] * weights.unsqueeze(-1), target, nodes)
        out = out.reshape(nodes, self.heads * self.units) if self.concat_heads else out.mean(1)
        return out if self.bias is None else out + self.bias
`,
  MessagePassing: String.raw`
class MessagePassing(nn.Module):
    """The general message-passing step: message m = [x_j ‖ e_ji] (identity) or a linear map of it,
    aggregated by sum / mean / max over the edges into each node, then update [x_i ‖ a_i] · W + b."""

    def __init__(self, in_features, edge_features, units, message='linear', message_units=16, aggregate='sum', self_loops=False, use_bias=True):
        super().__init__()
        message_input = in_features + edge_features
        width = message_units if message == 'linear' else message_input
        self.message = nn.Linear(message_input, width, bias=use_bias) if message == 'linear' else None
        self.update = nn.Linear(in_features + width, units, bias=use_bias)
        self.aggregate, self.self_loops = aggregate, self_loops

    def forward(self, x, edges, edge_features=None):
        nodes = x.shape[0]
        source, target = edge_endpoints(edges, nodes, self.self_loops)
        messages = x[source]
        if edge_features is not None:
            if self.self_loops:  # a node's message to itself carries zero edge features
                edge_features = torch.cat([edge_features, edge_features.new_zeros(nodes, edge_features.shape[1])])
            messages = torch.cat([messages, edge_features], 1)
        if self.message is not None:
            messages = self.message(messages)
        if self.aggregate == 'max':
            aggregated = scatter_max(messages, target, nodes)
        else:
            aggregated = scatter_sum(messages, target, nodes)
            if self.aggregate == 'mean':
                degree = in_degree(target, nodes, x)
                aggregated = aggregated * torch.where(degree > 0, 1.0 / degree.clamp(min=1.0), torch.zeros_like(degree)).unsqueeze(1)
        return self.update(torch.cat([x, aggregated], 1))
`,
  GraphReadout: String.raw`
class GraphReadout(nn.Module):
    """Pools node features into one row per graph by each node's graph id (ids 0 … G-1; without ids, one graph)."""

    def __init__(self, mode='mean'):
        super().__init__()
        self.mode = mode

    def forward(self, x, graph_ids=None):
        nodes = x.shape[0]
        ids = torch.zeros(nodes, dtype=torch.long, device=x.device) if graph_ids is None else graph_ids.reshape(-1).long()
        graphs = int(ids.max().item()) + 1 if nodes else 0
        if self.mode == 'max':
            return scatter_max(x, ids, graphs)
        summed = scatter_sum(x, ids, graphs)
        if self.mode == 'sum':
            return summed
        count = in_degree(ids, graphs, x)
        return summed * torch.where(count > 0, 1.0 / count.clamp(min=1.0), torch.zeros_like(count)).unsqueeze(1)
`,
  PatchEmbedding: String.raw`
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
`,
  AdditiveAttention: String.raw`
class AdditiveAttention(nn.Module):
    """Keras's AdditiveAttention (Bahdanau): score(i, j) = sum_d scale_d · tanh(query_i,d + key_j,d),
    softmax over j, then the weighted sum of the value steps; the key defaults to the value."""

    def __init__(self, features, use_scale=True, causal=False, dropout=0.0):
        super().__init__()
        bound = math.sqrt(6 / (1 + features))
        self.scale = nn.Parameter(torch.empty(features).uniform_(-bound, bound)) if use_scale else None
        self.causal, self.dropout = causal, dropout

    def forward(self, query, value, key=None):
        key = value if key is None else key
        terms = torch.tanh(query.unsqueeze(2) + key.unsqueeze(1))
        if self.scale is not None:
            terms = terms * self.scale
        scores = terms.sum(-1)
        if self.causal:
            steps_q, steps_k = scores.shape[-2], scores.shape[-1]
            future = torch.ones(steps_q, steps_k, dtype=torch.bool, device=scores.device).triu(1)
            scores = scores + future.float() * -1e9
        weights = F.dropout(torch.softmax(scores, dim=-1), self.dropout, self.training)
        return torch.matmul(weights, value)
`,
};

/** Helpers that need others written before them. */
export const HELPER_DEPENDENCIES: Record<string, string[]> = {
  avg_pool_same: ['pad_same'],
  Recurrent: ['activations'],
  Bidirectional: ['Recurrent'],
  GCNConv: ['graph_ops'],
  SAGEConv: ['graph_ops'],
  GATConv: ['graph_ops'],
  MessagePassing: ['graph_ops'],
  GraphReadout: ['graph_ops'],
};
