import type { CompiledModel } from '../../compile/compile';
import { incomingByPort, type GraphAnalysis } from '../../graph/analyze';
import type { GraphDocument } from '../../graph/document';
import type { LayerContext } from '../../layers/types';
import type { ExportFile } from '../files';
import { className, pythonNames, pyString } from '../pytorch/names';
import { layerWeights } from '../pytorch/export';
import { ExportRefusedError } from '../pytorch/model-py';

type P = Record<string, unknown>;
const py = (v: unknown): string => {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return v.length === 1 ? `(${py(v[0])},)` : `(${v.map(py).join(', ')})`;
  return String(v);
};
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Keras's activation names; hardSigmoid is TensorFlow.js's (Keras 3 redefined it), so it is a function in model.py. */
function activation(name: string): string {
  if (name === 'hardSigmoid') return 'tfjs_hard_sigmoid';
  return pyString(name === 'leakyRelu' ? 'leaky_relu' : snake(name));
}

/** `keyword=value` for each param that differs from Keras's default (the rest are left out to keep lines short). */
function kwargs(p: P, mapping: Record<string, [string, unknown?]>): string[] {
  const out: string[] = [];
  for (const [ours, [theirs, keras]] of Object.entries(mapping)) {
    const value = p[ours];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(keras)) continue;
    out.push(`${theirs}=${ours === 'activation' || ours === 'recurrentActivation' ? activation(value as string) : py(value)}`);
  }
  return out;
}

const CONV: Record<string, [string, unknown?]> = {
  strides: ['strides', [1, 1]],
  padding: ['padding', 'valid'],
  dilationRate: ['dilation_rate', [1, 1]],
  activation: ['activation', 'linear'],
  useBias: ['use_bias', true],
};
const RECURRENT: Record<string, [string, unknown?]> = {
  activation: ['activation', 'tanh'],
  recurrentActivation: ['recurrent_activation', 'sigmoid'],
  useBias: ['use_bias', true],
  returnSequences: ['return_sequences', false],
  returnState: ['return_state', false],
  goBackwards: ['go_backwards', false],
  dropout: ['dropout', 0],
  recurrentDropout: ['recurrent_dropout', 0],
  unitForgetBias: ['unit_forget_bias', true],
  resetAfter: ['reset_after', true],
};

/** The Keras layer constructor for one node, without its call. */
export function kerasLayer(type: string, p: P, ctx: LayerContext, name?: string): string | null {
  const named = (args: string[]) => (name ? [...args, `name=${pyString(name)}`] : args).join(', ');
  switch (type) {
    case 'Dense':
      return `layers.Dense(${named([String(p.units), ...kwargs(p, { activation: ['activation', 'linear'], useBias: ['use_bias', true] })])})`;
    case 'Activation': {
      const act = p.activation as string;
      if (act === 'leakyRelu') return `layers.LeakyReLU(${named([String(p.alpha ?? 0.3)])})`;
      if (act === 'elu' && p.alpha !== undefined && p.alpha !== 1) return `layers.ELU(${named([String(p.alpha)])})`;
      return `layers.Activation(${named([activation(act)])})`;
    }
    case 'Dropout':
      return `layers.Dropout(${named([String(p.rate)])})`;
    case 'Flatten':
      return `layers.Flatten(${named([])})`;
    case 'Reshape':
      return `layers.Reshape(${named([py(p.targetShape)])})`;
    case 'Permute':
      return `layers.Permute(${named([py(p.dims)])})`;
    case 'RepeatVector':
      return `layers.RepeatVector(${named([String(p.n)])})`;
    case 'Conv1D':
      return `layers.Conv1D(${named([String(p.filters), String(p.kernelSize), ...kwargs(p, { ...CONV, strides: ['strides', 1], dilationRate: ['dilation_rate', 1] })])})`;
    case 'Conv2D':
      return `layers.Conv2D(${named([String(p.filters), py(p.kernelSize), ...kwargs(p, CONV)])})`;
    case 'Conv2DTranspose':
      return `layers.Conv2DTranspose(${named([String(p.filters), py(p.kernelSize), ...kwargs(p, CONV)])})`;
    case 'DepthwiseConv2D':
      return `layers.DepthwiseConv2D(${named([py(p.kernelSize), ...kwargs(p, { ...CONV, depthMultiplier: ['depth_multiplier', 1] })])})`;
    case 'SeparableConv2D':
      return `layers.SeparableConv2D(${named([String(p.filters), py(p.kernelSize), ...kwargs(p, { ...CONV, depthMultiplier: ['depth_multiplier', 1] })])})`;
    case 'MaxPooling2D':
    case 'AveragePooling2D':
    case 'MaxPooling1D':
    case 'AveragePooling1D':
      return `layers.${type}(${named([py(p.poolSize), ...kwargs(p, { strides: ['strides', null], padding: ['padding', 'valid'] })])})`;
    case 'GlobalMaxPooling2D':
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling1D':
    case 'GlobalAveragePooling1D':
      return `layers.${type}(${named(kwargs(p, { keepDims: ['keepdims', false] }))})`;
    case 'ZeroPadding2D':
      return `layers.ZeroPadding2D(${named([py(p.padding)])})`;
    case 'UpSampling2D':
      return `layers.UpSampling2D(${named([py(p.size), ...kwargs(p, { interpolation: ['interpolation', 'nearest'] })])})`;
    case 'BatchNormalization':
      return `layers.BatchNormalization(${named(kwargs(p, { axis: ['axis', -1], momentum: ['momentum', 0.99], epsilon: ['epsilon', 1e-3], center: ['center', true], scale: ['scale', true] }))})`;
    case 'LayerNormalization':
      return `layers.LayerNormalization(${named(kwargs(p, { axis: ['axis', -1], epsilon: ['epsilon', 1e-3], center: ['center', true], scale: ['scale', true] }))})`;
    case 'Add':
    case 'Multiply':
    case 'Average':
    case 'Maximum':
    case 'Minimum':
      return `layers.${type}(${named([])})`;
    case 'Concatenate':
      return `layers.Concatenate(${named(kwargs(p, { axis: ['axis', -1] }))})`;
    case 'Embedding':
      return `layers.Embedding(${named([String(p.inputDim), String(p.outputDim), ...kwargs(p, { maskZero: ['mask_zero', false] })])})`;
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU': {
      // Keras's GRU resets after by default, NN Designer's (like tfjs's) before: always say which.
      const args = kwargs(type === 'GRU' ? { ...p, resetAfter: p.resetAfter ?? false } : p, type === 'GRU' ? { ...RECURRENT, resetAfter: ['reset_after', undefined] } : RECURRENT);
      return `layers.${type}(${named([String(p.units), ...args])})`;
    }
    case 'Bidirectional': {
      const layer = p.layer as { type: string; params: P };
      const inner = ctx.kind(layer.type)!.params.parse(layer.params) as P;
      return `layers.Bidirectional(${kerasLayer(layer.type, inner, ctx)}${p.mergeMode !== 'concat' ? `, merge_mode=${pyString(p.mergeMode as string)}` : ''}${name ? `, name=${pyString(name)}` : ''})`;
    }
    case 'TimeDistributed': {
      const layer = p.layer as { type: string; params: P };
      const inner = kerasLayer(layer.type, ctx.kind(layer.type)!.params.parse(layer.params) as P, ctx);
      return inner ? `layers.TimeDistributed(${inner}${name ? `, name=${pyString(name)}` : ''})` : null;
    }
    case 'Attention':
      return `DotProductAttention(${named(kwargs(p, { useScale: ['use_scale', false], causal: ['causal', false], dropout: ['dropout', 0] }))})`;
    case 'MultiHeadAttention':
      return `layers.MultiHeadAttention(${named([
        `num_heads=${p.numHeads}`,
        `key_dim=${p.keyDim}`,
        ...kwargs(p, { valueDim: ['value_dim', null], dropout: ['dropout', 0], useBias: ['use_bias', true], outputDim: ['output_shape', null] }),
      ])})`;
    case 'PositionalEmbedding':
      return `PositionalEmbedding(${named([String(p.maxLength)])})`;
    case 'SinusoidalPositionalEncoding':
      return `SinusoidalPositionalEncoding(${named([String(p.base)])})`;
    case 'TakeStep':
      return `TakeStep(${named([String(p.index)])})`;
    case 'PatchEmbedding':
      return `PatchEmbedding(${named([String(p.patchSize), String(p.embedDim), ...kwargs(p, { classToken: ['class_token', false] })])})`;
    case 'AdditiveAttention':
      return `AdditiveAttention(${named(kwargs(p, { useScale: ['use_scale', true], causal: ['causal', false], dropout: ['dropout', 0] }))})`;
    case 'GCNConv':
      return `GCNConv(${named([String(p.units), ...kwargs(p, { activation: ['activation', 'linear'], useBias: ['use_bias', true], selfLoops: ['self_loops', true] })])})`;
    case 'SAGEConv':
      return `SAGEConv(${named([String(p.units), ...kwargs(p, { activation: ['activation', 'linear'], useBias: ['use_bias', true] })])})`;
    case 'GATConv':
      return `GATConv(${named([
        String(p.units),
        ...kwargs(p, {
          heads: ['heads', 1],
          concatHeads: ['concat_heads', true],
          negativeSlope: ['negative_slope', 0.2],
          activation: ['activation', 'linear'],
          selfLoops: ['self_loops', true],
          useBias: ['use_bias', true],
        }),
      ])})`;
    case 'MessagePassing':
      return `MessagePassing(${named([
        String(p.units),
        ...kwargs(p, {
          message: ['message', 'linear'],
          messageUnits: ['message_units', 16],
          aggregate: ['aggregate', 'sum'],
          activation: ['activation', 'linear'],
          selfLoops: ['self_loops', false],
          useBias: ['use_bias', true],
        }),
      ])})`;
    case 'GraphReadout':
      return `GraphReadout(${named(kwargs(p, { mode: ['mode', 'mean'] }))})`;
    default:
      return null;
  }
}

const TRANSFORMER_CLASSES: Record<string, string> = {
  PositionalEmbedding: String.raw`
@keras.saving.register_keras_serializable(package="nn_designer")
class PositionalEmbedding(keras.layers.Layer):
    """A learned vector added to each step of a sequence, one per position (BERT, GPT)."""

    def __init__(self, max_length, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def build(self, input_shape):
        self.embeddings = self.add_weight(name="embeddings", shape=(self.max_length, input_shape[-1]), initializer="glorot_uniform")

    def call(self, x):
        return x + self.embeddings[: ops.shape(x)[1]]

    def get_config(self):
        return {**super().get_config(), "max_length": self.max_length}
`,
  SinusoidalPositionalEncoding: String.raw`
@keras.saving.register_keras_serializable(package="nn_designer")
class SinusoidalPositionalEncoding(keras.layers.Layer):
    """The Transformer's fixed position code added to a sequence: sin on even features, cos on odd."""

    def __init__(self, base=10000.0, **kwargs):
        super().__init__(**kwargs)
        self.base = base

    def call(self, x):
        steps, features = ops.shape(x)[1], ops.shape(x)[2]
        position = ops.expand_dims(ops.arange(steps, dtype="float32"), 1)
        feature = ops.arange(features)
        angle = position / ops.power(self.base, ops.cast(2 * (feature // 2), "float32") / features)
        return x + ops.where(feature % 2 == 0, ops.sin(angle), ops.cos(angle))

    def get_config(self):
        return {**super().get_config(), "base": self.base}
`,
  TakeStep: String.raw`
@keras.saving.register_keras_serializable(package="nn_designer")
class TakeStep(keras.layers.Layer):
    """One step of a sequence: 0 for a class token, -1 for a decoder's last step."""

    def __init__(self, index, **kwargs):
        super().__init__(**kwargs)
        self.index = index

    def call(self, x):
        return x[:, self.index]

    def get_config(self):
        return {**super().get_config(), "index": self.index}
`,
};

/**
 * The graph layers, PatchEmbedding and AdditiveAttention as Keras layers: Keras has no graph
 * layers, and its AdditiveAttention takes the causal mask as a call argument whose name
 * changed between versions. Each creates its weights in the order the tfjs layer does, so
 * weights.bin's per-layer lists load with set_weights.
 */
const GRAPH_OPS = String.raw`
def edge_endpoints(edges, nodes=None, self_loops=False):
    """An edge index [E, 2] (source, target per row) as two int vectors, with a loop i -> i per node appended when asked."""
    edges = ops.cast(edges, "int32")
    source, target = edges[:, 0], edges[:, 1]
    if self_loops:
        loops = ops.arange(nodes, dtype="int32")
        source, target = ops.concatenate([source, loops]), ops.concatenate([target, loops])
    return source, target


def in_degree(index, size):
    """How many entries of index point at each of size nodes (or graphs), as floats."""
    return ops.segment_sum(ops.ones_like(index, dtype="float32"), index, num_segments=size)


def segment_max_or_zero(values, index, size):
    """The per-column max of the rows sent to each segment; 0 where nothing arrives, as NN Designer does."""
    best = ops.segment_max(values, index, num_segments=size)
    received = ops.reshape(in_degree(index, size) > 0, (-1,) + (1,) * (len(values.shape) - 1))
    return ops.where(received, best, ops.zeros_like(best))


def mean_factor(index, size):
    """1 / (entries per segment) as a column, 0 for an empty segment."""
    count = in_degree(index, size)
    return ops.expand_dims(ops.where(count > 0, 1.0 / ops.maximum(count, 1.0), 0.0), 1)


def activation_name(activation):
    """An activation as get_config keeps it: its name, or the name of the function given."""
    return activation if isinstance(activation, str) else activation.__name__
`;

const KERAS_CUSTOM_CLASSES: Record<string, string> = {
  GCNConv: String.raw`
@keras.saving.register_keras_serializable(package="nn_designer")
class GCNConv(keras.layers.Layer):
    """Kipf & Welling's graph convolution: D^-1/2 (A + I) D^-1/2 . x . W + b, computed along the edges."""

    def __init__(self, units, activation="linear", use_bias=True, self_loops=True, **kwargs):
        super().__init__(**kwargs)
        self.units, self.use_bias, self.self_loops = units, use_bias, self_loops
        self.activation_name, self.activation = activation_name(activation), keras.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[0][-1], self.units), initializer="glorot_uniform")
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros") if self.use_bias else None

    def call(self, inputs):
        x, edges = inputs[0], inputs[1]
        nodes = ops.shape(x)[0]
        source, target = edge_endpoints(edges)
        degree = in_degree(target, nodes) + (1.0 if self.self_loops else 0.0)
        inverse_sqrt = ops.where(degree > 0, 1.0 / ops.sqrt(ops.maximum(degree, 1.0)), 0.0)
        h = ops.matmul(x, self.kernel)
        weight = ops.take(inverse_sqrt, source) * ops.take(inverse_sqrt, target)
        out = ops.segment_sum(ops.take(h, source, axis=0) * ops.expand_dims(weight, 1), target, num_segments=nodes)
        if self.self_loops:
            out = out + h * ops.expand_dims(inverse_sqrt * inverse_sqrt, 1)
        if self.bias is not None:
            out = out + self.bias
        return self.activation(out)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "activation": self.activation_name, "use_bias": self.use_bias, "self_loops": self.self_loops}
`,
  SAGEConv: String.raw`
@keras.saving.register_keras_serializable(package="nn_designer")
class SAGEConv(keras.layers.Layer):
    """GraphSAGE with the mean aggregator: [x_i || mean of x_j over the edges j -> i] . W + b."""

    def __init__(self, units, activation="linear", use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.units, self.use_bias = units, use_bias
        self.activation_name, self.activation = activation_name(activation), keras.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(2 * input_shape[0][-1], self.units), initializer="glorot_uniform")
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros") if self.use_bias else None

    def call(self, inputs):
        x, edges = inputs[0], inputs[1]
        nodes = ops.shape(x)[0]
        source, target = edge_endpoints(edges)
        mean = ops.segment_sum(ops.take(x, source, axis=0), target, num_segments=nodes) * mean_factor(target, nodes)
        out = ops.matmul(ops.concatenate([x, mean], 1), self.kernel)
        if self.bias is not None:
            out = out + self.bias
        return self.activation(out)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "activation": self.activation_name, "use_bias": self.use_bias}
`,
  GATConv: String.raw`
@keras.saving.register_keras_serializable(package="nn_designer")
class GATConv(keras.layers.Layer):
    """Graph attention: per head, softmax over a node's incoming edges of leaky_relu(a_src . z_j + a_dst . z_i), z = x . W."""

    def __init__(self, units, heads=1, concat_heads=True, negative_slope=0.2, activation="linear", self_loops=True, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.activation_name, self.activation = activation_name(activation), keras.activations.get(activation)
        self.units, self.heads, self.concat_heads = units, heads, concat_heads
        self.negative_slope, self.self_loops, self.use_bias = negative_slope, self_loops, use_bias

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[0][-1], self.heads * self.units), initializer="glorot_uniform")
        self.attention_source = self.add_weight(name="attention_source", shape=(self.heads, self.units), initializer="glorot_uniform")
        self.attention_target = self.add_weight(name="attention_target", shape=(self.heads, self.units), initializer="glorot_uniform")
        width = self.heads * self.units if self.concat_heads else self.units
        self.bias = self.add_weight(name="bias", shape=(width,), initializer="zeros") if self.use_bias else None

    def call(self, inputs):
        x, edges = inputs[0], inputs[1]
        nodes = ops.shape(x)[0]
        source, target = edge_endpoints(edges, nodes, self.self_loops)
        z = ops.reshape(ops.matmul(x, self.kernel), (nodes, self.heads, self.units))
        source_score = ops.sum(z * self.attention_source, -1)
        target_score = ops.sum(z * self.attention_target, -1)
        scores = ops.leaky_relu(ops.take(source_score, source, axis=0) + ops.take(target_score, target, axis=0), self.negative_slope)
        shift = ops.stop_gradient(segment_max_or_zero(scores, target, nodes))
        weights = ops.exp(scores - ops.take(shift, target, axis=0))
        weights = weights / ops.take(ops.segment_sum(weights, target, num_segments=nodes), target, axis=0)
        out = ops.segment_sum(ops.take(z, source, axis=0) * ops.expand_dims(weights, -1), target, num_segments=nodes)
        out = ops.reshape(out, (nodes, self.heads * self.units)) if self.concat_heads else ops.mean(out, 1)
        if self.bias is not None:
            out = out + self.bias
        return self.activation(out)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "heads": self.heads, "concat_heads": self.concat_heads,
                "negative_slope": self.negative_slope, "activation": self.activation_name, "self_loops": self.self_loops, "use_bias": self.use_bias}
`,
  MessagePassing: String.raw`
@keras.saving.register_keras_serializable(package="nn_designer")
class MessagePassing(keras.layers.Layer):
    """Messages [x_j || e_ji] (identity) or a linear map of them, summed / averaged / maxed into each node,
    then the update [x_i || a_i] . W + b. Called on [nodes, edges] or [nodes, edges, edge features]."""

    def __init__(self, units, message="linear", message_units=16, aggregate="sum", activation="linear", self_loops=False, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.activation_name, self.activation = activation_name(activation), keras.activations.get(activation)
        self.units, self.message, self.message_units = units, message, message_units
        self.aggregate, self.self_loops, self.use_bias = aggregate, self_loops, use_bias

    def build(self, input_shape):
        features = input_shape[0][-1]
        message_input = features + (input_shape[2][-1] if len(input_shape) > 2 else 0)
        width = self.message_units if self.message == "linear" else message_input
        self.message_kernel = self.message_bias = None
        if self.message == "linear":
            self.message_kernel = self.add_weight(name="message_kernel", shape=(message_input, width), initializer="glorot_uniform")
            if self.use_bias:
                self.message_bias = self.add_weight(name="message_bias", shape=(width,), initializer="zeros")
        self.update_kernel = self.add_weight(name="update_kernel", shape=(features + width, self.units), initializer="glorot_uniform")
        self.update_bias = self.add_weight(name="update_bias", shape=(self.units,), initializer="zeros") if self.use_bias else None

    def call(self, inputs):
        x, edges = inputs[0], inputs[1]
        nodes = ops.shape(x)[0]
        source, target = edge_endpoints(edges, nodes, self.self_loops)
        messages = ops.take(x, source, axis=0)
        if len(inputs) > 2:
            edge_features = inputs[2]
            if self.self_loops:  # a node's message to itself carries zero edge features
                edge_features = ops.concatenate([edge_features, ops.zeros((nodes, ops.shape(edge_features)[1]))])
            messages = ops.concatenate([messages, edge_features], 1)
        if self.message_kernel is not None:
            messages = ops.matmul(messages, self.message_kernel)
            if self.message_bias is not None:
                messages = messages + self.message_bias
        if self.aggregate == "max":
            aggregated = segment_max_or_zero(messages, target, nodes)
        else:
            aggregated = ops.segment_sum(messages, target, num_segments=nodes)
            if self.aggregate == "mean":
                aggregated = aggregated * mean_factor(target, nodes)
        out = ops.matmul(ops.concatenate([x, aggregated], 1), self.update_kernel)
        if self.update_bias is not None:
            out = out + self.update_bias
        return self.activation(out)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "message": self.message, "message_units": self.message_units,
                "aggregate": self.aggregate, "activation": self.activation_name, "self_loops": self.self_loops, "use_bias": self.use_bias}
`,
  GraphReadout: String.raw`
@keras.saving.register_keras_serializable(package="nn_designer")
class GraphReadout(keras.layers.Layer):
    """Pools node features into one row per graph by each node's graph id [N, 1] (ids 0 ... G-1; without ids, one graph)."""

    def __init__(self, mode="mean", **kwargs):
        super().__init__(**kwargs)
        self.mode = mode

    def call(self, inputs):
        inputs = inputs if isinstance(inputs, (list, tuple)) else [inputs]
        x = inputs[0]
        nodes = ops.shape(x)[0]
        ids = ops.reshape(ops.cast(inputs[1], "int32"), (-1,)) if len(inputs) > 1 else ops.zeros((nodes,), dtype="int32")
        graphs = ops.max(ids) + 1
        if self.mode == "max":
            return segment_max_or_zero(x, ids, graphs)
        summed = ops.segment_sum(x, ids, num_segments=graphs)
        return summed if self.mode == "sum" else summed * mean_factor(ids, graphs)

    def get_config(self):
        return {**super().get_config(), "mode": self.mode}
`,
  PatchEmbedding: String.raw`
@keras.saving.register_keras_serializable(package="nn_designer")
class PatchEmbedding(keras.layers.Layer):
    """ViT's patch embedding: non-overlapping patch x patch squares, each projected to embed_dim numbers,
    as a sequence [batch, patches, embed_dim] in row-major patch order, after a learned class token if asked."""

    def __init__(self, patch_size, embed_dim, class_token=False, **kwargs):
        super().__init__(**kwargs)
        self.patch_size, self.embed_dim, self.class_token = patch_size, embed_dim, class_token

    def build(self, input_shape):
        p = self.patch_size
        self.kernel = self.add_weight(name="kernel", shape=(p, p, input_shape[-1], self.embed_dim), initializer="glorot_uniform")
        self.bias = self.add_weight(name="bias", shape=(self.embed_dim,), initializer="zeros")
        self.token = self.add_weight(name="class_token", shape=(1, 1, self.embed_dim), initializer="zeros") if self.class_token else None

    def call(self, x):
        projected = ops.conv(x, self.kernel, strides=self.patch_size, padding="valid") + self.bias
        sequence = ops.reshape(projected, (ops.shape(x)[0], -1, self.embed_dim))
        if self.token is None:
            return sequence
        return ops.concatenate([ops.tile(self.token, (ops.shape(x)[0], 1, 1)), sequence], 1)

    def get_config(self):
        return {**super().get_config(), "patch_size": self.patch_size, "embed_dim": self.embed_dim, "class_token": self.class_token}
`,
  AdditiveAttention: String.raw`
@keras.saving.register_keras_serializable(package="nn_designer")
class AdditiveAttention(keras.layers.Layer):
    """Keras's AdditiveAttention (Bahdanau) as NN Designer computes it on [query, value] or [query, value, key]:
    score(i, j) = sum_d scale_d . tanh(query_i,d + key_j,d), softmax over j, the weighted sum of the values.
    A class of its own because Keras versions disagree on how the causal flag is passed."""

    def __init__(self, use_scale=True, causal=False, dropout=0.0, **kwargs):
        super().__init__(**kwargs)
        self.use_scale, self.causal, self.dropout = use_scale, causal, dropout

    def build(self, input_shape):
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(input_shape[0][-1],), initializer="glorot_uniform")

    def call(self, inputs, training=None):
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        terms = ops.tanh(ops.expand_dims(query, 2) + ops.expand_dims(key, 1))
        if self.use_scale:
            terms = terms * self.scale
        scores = ops.sum(terms, -1)
        if self.causal:
            steps_q, steps_k = ops.shape(scores)[1], ops.shape(scores)[2]
            future = ops.cast(ops.triu(ops.ones((steps_q, steps_k)), 1), scores.dtype)
            scores = scores - future * 1e9
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = keras.random.dropout(weights, self.dropout)
        return ops.matmul(weights, value)

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale, "causal": self.causal, "dropout": self.dropout}
`,
};

const GRAPH_KINDS = new Set(['GCNConv', 'SAGEConv', 'GATConv', 'MessagePassing', 'GraphReadout']);

const ATTENTION_CLASS = String.raw`
@keras.saving.register_keras_serializable(package="nn_designer")
class DotProductAttention(keras.layers.Layer):
    """Keras's Attention as NN Designer computes it on [query, value] or [query, value, key]:
    softmax(scale * query . key^T) . value, with an optional causal mask and dropout.
    A class of its own because Keras versions disagree on how the causal flag is passed."""

    def __init__(self, use_scale=False, causal=False, dropout=0.0, **kwargs):
        super().__init__(**kwargs)
        self.use_scale, self.causal, self.dropout = use_scale, causal, dropout

    def build(self, input_shape):
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")

    def call(self, inputs, training=None):
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        scores = ops.matmul(query, ops.transpose(key, (0, 2, 1)))
        if self.use_scale:
            scores = scores * self.scale
        if self.causal:
            steps_q, steps_v = ops.shape(scores)[1], ops.shape(scores)[2]
            allowed = ops.cast(ops.tril(ops.ones((steps_q, steps_v))), scores.dtype)
            scores = scores - (1.0 - allowed) * 1e9
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = keras.random.dropout(weights, self.dropout)
        return ops.matmul(weights, value)

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale, "causal": self.causal, "dropout": self.dropout}
`;

const HARD_SIGMOID = String.raw`
def tfjs_hard_sigmoid(x):
    """TensorFlow.js's (and Keras 2's) hard sigmoid, clip(0.2 x + 0.5, 0, 1); Keras 3 changed its own."""
    return ops.clip(0.2 * x + 0.5, 0.0, 1.0)
`;

const WEIGHTS_IO = String.raw`
def load_weights(model, directory=HERE):
    """Sets each layer's weights from weights.bin (float32, little-endian), as weights.json lists them."""
    with open(os.path.join(directory, "weights.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    with open(os.path.join(directory, "weights.bin"), "rb") as f:
        data = f.read()
    for entry in manifest["layers"]:
        values = [np.frombuffer(data, dtype="<f4", count=int(np.prod(w["shape"])), offset=w["offset"]).reshape(w["shape"])
                  for w in entry["weights"]]
        model.get_layer(entry["name"]).set_weights(values)
`;

export interface KerasModelSource {
  code: string;
}

/**
 * model.py for Keras (3): the functional API, one layer call per node with the node's name
 * as the layer name, so weights and summaries line up with the tfjs model.
 */
export function kerasModelSource(doc: GraphDocument, analysis: GraphAnalysis, ctx: LayerContext): KerasModelSource {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const vars = new Map<string, string>();
  pythonNames(doc.nodes.map((n) => n.name)).forEach((name, i) => vars.set(doc.nodes[i]!.id, name));
  const problems: { nodeId: string; message: string }[] = [];
  const sharedOwners = new Set(doc.nodes.flatMap((n) => (n.sharesWeightsWith ? [n.sharesWeightsWith] : [])));
  const body: string[] = [];
  const outputsOf = new Map<string, string[]>();
  let usesAttention = false;
  let usesHardSigmoid = false;
  const customClasses = new Set<string>();

  for (const id of analysis.order) {
    const node = byId.get(id)!;
    const a = analysis.nodes.get(id)!;
    const v = vars.get(id)!;
    if (a.kind.inputSpec) {
      const spec = a.kind.inputSpec(a.params);
      body.push(`    ${v} = keras.Input(shape=${py(spec.shape)}, ${spec.dtype === 'int32' ? 'dtype="int32", ' : ''}name=${pyString(node.name)})`);
      outputsOf.set(id, [v]);
      continue;
    }
    const ownerId = node.sharesWeightsWith ?? id;
    const owner = byId.get(ownerId)!;
    const layer = kerasLayer(a.kind.type, a.params, ctx, owner.name);
    if (!layer) {
      problems.push({ nodeId: id, message: `${a.kind.type} layers are not exported to Keras yet` });
      continue;
    }
    if (a.kind.type === 'Attention') usesAttention = true;
    if (TRANSFORMER_CLASSES[a.kind.type] || KERAS_CUSTOM_CLASSES[a.kind.type]) customClasses.add(a.kind.type);
    if (layer.includes('tfjs_hard_sigmoid')) usesHardSigmoid = true;
    const args: string[] = [];
    for (const edges of incomingByPort(a.kind, doc.edges.filter((e) => e.target === id)).values())
      for (const e of edges) {
        const source = analysis.nodes.get(e.source)!;
        args.push(outputsOf.get(e.source)![source.kind.outputs.findIndex((p) => p.name === e.sourceHandle)]!);
      }
    const outs = a.outputShapes.length === 1 ? [v] : a.kind.outputs.slice(0, a.outputShapes.length).map((p, i) => (i === 0 ? v : `${v}_${snake(p.name)}`));
    outputsOf.set(id, outs);
    let call = args.length === 1 && a.kind.inputs.length === 1 && !a.kind.inputs[0]!.multiple ? args[0]! : `[${args.join(', ')}]`;
    // Keras's MultiHeadAttention takes its inputs and its mask choices as call arguments.
    if (a.kind.type === 'MultiHeadAttention')
      call = [
        args[0]!,
        args[1]!,
        ...(args[2] ? [`key=${args[2]}`] : []),
        ...(a.params.causal ? ['use_causal_mask=True'] : []),
        ...(a.params.returnAttentionScores ? ['return_attention_scores=True'] : []),
      ].join(', ');
    const shapes = a.outputShapes.map((s) => `[${s.map((d) => d ?? 'batch').join(', ')}]`).join(', ');
    body.push(`    # ${a.kind.type} → ${shapes}`);
    if (sharedOwners.has(id)) {
      body.push(`    ${v}_layer = ${layer}`);
      body.push(`    ${outs.join(', ')} = ${v}_layer(${call})`);
    } else if (ownerId !== id) {
      body.push(`    ${outs.join(', ')} = ${vars.get(ownerId)}_layer(${call})  # the layer of "${owner.name}", shared`);
    } else body.push(`    ${outs.join(', ')} = ${layer}(${call})`);
  }
  if (problems.length) throw new ExportRefusedError(problems);

  const inputs = analysis.inputs.map((id) => vars.get(id)!);
  const outputs = analysis.outputs.flatMap((id) => outputsOf.get(id)!);
  const modelName = doc.name.replace(/[^A-Za-z0-9_]/g, '_') || 'model';
  const code = [
    `"""${doc.name.replace(/"""/g, "'''")} — a Keras model exported from NN Designer.`,
    '',
    ...(doc.description ? [doc.description.replace(/"""/g, "'''"), ''] : []),
    'build_model() returns the functional model with the layer names of the NN Designer graph',
    'and, when weights.bin / weights.json are beside this file, its weights. Written for Keras 3',
    '(pip install keras); images are channels-last (N, H, W, C) as in NN Designer.',
    '"""',
    'import json',
    'import os',
    '',
    'import keras',
    'import numpy as np',
    'from keras import layers, ops',
    '',
    'HERE = os.path.dirname(os.path.abspath(__file__))',
    '',
    ...(usesHardSigmoid ? ['', HARD_SIGMOID.trim(), ''] : []),
    ...(usesAttention ? ['', ATTENTION_CLASS.trim(), ''] : []),
    ...([...customClasses].some((type) => GRAPH_KINDS.has(type)) ? ['', GRAPH_OPS.trim(), ''] : []),
    ...[...customClasses].flatMap((type) => ['', (TRANSFORMER_CLASSES[type] ?? KERAS_CUSTOM_CLASSES[type])!.trim(), '']),
    '',
    WEIGHTS_IO.trim(),
    '',
    '',
    'def build_model(weights_dir=HERE):',
    `    """The ${className(doc.name, 'network')} graph as a Keras functional model."""`,
    ...body,
    `    model = keras.Model(inputs=[${inputs.join(', ')}], outputs=[${outputs.join(', ')}], name=${pyString(modelName)})`,
    '    if weights_dir and os.path.exists(os.path.join(weights_dir, "weights.json")):',
    '        load_weights(model, weights_dir)',
    '    return model',
    '',
    '',
    'if __name__ == "__main__":',
    '    build_model().summary()',
    '',
  ].join('\n');
  return { code: code.replace(/\n{4,}/g, '\n\n\n') };
}

/** Where Keras's get_weights() order differs from the tfjs layer's (Keras builds one dense sub-layer per projection). */
const KERAS_WEIGHT_ORDER: Record<string, string[]> = {
  MultiHeadAttention: ['query/kernel', 'query/bias', 'key/kernel', 'key/bias', 'value/kernel', 'value/bias', 'attention_output/kernel', 'attention_output/bias'],
};

/** model.py + weights.bin + weights.json (each layer's weights in Keras's own order and layout, which tfjs shares). */
export function kerasExport(doc: GraphDocument, compiled: CompiledModel, ctx: LayerContext, weightsFrom: 'trained' | 'initial'): ExportFile[] {
  const { code } = kerasModelSource(doc, compiled.analysis, ctx);
  const chunks: Float32Array[] = [];
  let offset = 0;
  const entries: { name: string; weights: { shape: number[]; offset: number }[] }[] = [];
  for (const node of doc.nodes) {
    if (node.sharesWeightsWith) continue;
    const layer = compiled.layers.get(node.id);
    if (!layer || !layer.weights.length) continue;
    const order = KERAS_WEIGHT_ORDER[node.type];
    const rank = (name: string) => (order ? order.findIndex((suffix) => name.endsWith(`/${suffix}`)) : 0);
    const weights = [...layerWeights(layer)].sort((a, b) => rank(a.name) - rank(b.name)).map((w) => {
      const entry = { shape: w.tensor.shape, offset };
      chunks.push(w.tensor.data);
      offset += w.tensor.data.length * 4;
      return entry;
    });
    entries.push({ name: node.name, weights });
  }
  const bin = new Uint8Array(offset);
  const view = new DataView(bin.buffer);
  let at = 0;
  for (const chunk of chunks) for (const v of chunk) view.setFloat32((at += 4) - 4, v, true);
  return [
    { path: 'model.py', contents: code },
    { path: 'weights.json', contents: JSON.stringify({ format: 'nn-designer.keras-weights', version: 1, source: weightsFrom, layers: entries }, null, 1) + '\n' },
    { path: 'weights.bin', contents: bin },
  ];
}
