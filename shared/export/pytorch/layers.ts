import type { LayerContext, Shape } from '../../layers/types';
import type { LayoutStep } from '../tensor';

/**
 * How each layer kind becomes PyTorch code: the module built in `__init__`, the expression
 * `forward` computes, and where each of its PyTorch weights comes from in the tfjs layer.
 *
 * Layout: inside forward every 4-D tensor is N, C, H, W (PyTorch's images); every other
 * tensor keeps the layout it has in the graph ([batch, steps, features] sequences are
 * batch-first already). Shapes below are the graph's (tfjs, channels-last) shapes.
 */
export interface TorchNode {
  /** Python attribute and variable name of the node. */
  attr: string;
  params: Record<string, unknown>;
  inputShapes: Shape[];
  outputShapes: Shape[];
  ctx: LayerContext;
}

/** One PyTorch tensor of a node's state dict and the tfjs weight it is made from. */
export interface TorchWeight {
  /** State-dict key below the node's attribute, e.g. `weight`. */
  key: string;
  /** The tfjs weight's own name (`kernel`, `recurrent_kernel`, `gamma`, …). */
  source: string;
  /** Bidirectional: which copy the tfjs weight belongs to. */
  within?: 'forward' | 'backward';
  steps: LayoutStep[];
}

export interface TorchLayer {
  /** Constructor expression for `self.<attr>`; absent for nodes that are a function of their inputs. */
  module?(n: TorchNode): string;
  /** The forward expression; `self` is the module's attribute expression. Several outputs: a tuple. */
  forward(n: TorchNode, args: string[], self: string): string;
  weights?(n: TorchNode): TorchWeight[];
  /**
   * The forward expression when the node is handed the padding mask `mask` ([batch, steps],
   * True = a real step) of an Embedding with maskZero and reads it as tfjs does; absent
   * for layers that ignore the mask (masks.ts says which ones hand it on).
   */
  maskedForward?(n: TorchNode, args: string[], self: string, mask: string): string;
  /** Statements after the forward line, given the node's output variables. */
  after?(n: TorchNode, vars: string[]): string[];
  /** Names of Python helpers (python-helpers.ts) the code uses. */

  helpers?(n: TorchNode): string[];
  /** Why this node's settings cannot be exported, or null. */
  refuse?(n: TorchNode): string | null;
}

type P = Record<string, unknown>;
const num = (p: P, k: string) => p[k] as number;
const nums = (p: P, k: string) => p[k] as number[];
const bool = (p: P, k: string) => p[k] as boolean;
const str = (p: P, k: string) => p[k] as string;
const py = (v: boolean) => (v ? 'True' : 'False');
const tuple = (xs: readonly number[]) => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`);

/** A tfjs axis of a `rank`-D tensor, as the axis of the same tensor in forward's layout. */
export function torchAxis(axis: number, rank: number): number {
  const a = axis < 0 ? rank + axis : axis;
  return rank === 4 ? [0, 2, 3, 1][a]! : a;
}

/** A graph shape as the tensor has it in forward. */
export function torchShape(shape: Shape): Shape {
  return shape.length === 4 ? [shape[0]!, shape[3]!, shape[1]!, shape[2]!] : shape;
}

const toGraphLayout = (x: string, rank: number) => (rank === 4 ? `channels_last(${x})` : x);
const toTorchLayout = (x: string, rank: number) => (rank === 4 ? `channels_first(${x})` : x);
const layoutHelpers = (...ranks: number[]) => (ranks.includes(4) ? ['layout'] : []);

/** The activation applied to `x`, a tensor of the given rank in forward's layout. */
export function activationCode(name: string, x: string, rank: number, alpha?: number): string {
  const dim = rank === 4 ? 1 : -1;
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return `torch.relu(${x})`;
    case 'relu6':
      return `F.relu6(${x})`;
    case 'elu':
      return alpha === undefined || alpha === 1 ? `F.elu(${x})` : `F.elu(${x}, alpha=${alpha})`;
    case 'selu':
      return `torch.selu(${x})`;
    case 'sigmoid':
      return `torch.sigmoid(${x})`;
    case 'hardSigmoid':
      return `torch.clamp(0.2 * ${x} + 0.5, 0.0, 1.0)`;
    case 'tanh':
      return `torch.tanh(${x})`;
    case 'softmax':
      return `torch.softmax(${x}, dim=${dim})`;
    case 'softplus':
      return `F.softplus(${x})`;
    case 'softsign':
      return `F.softsign(${x})`;
    case 'swish':
      return `F.silu(${x})`;
    case 'mish':
      return `F.mish(${x})`;
    case 'gelu':
      return `F.gelu(${x})`;
    case 'leakyRelu':
      return `F.leaky_relu(${x}, ${alpha ?? 0.3})`;
    default:
      throw new Error(`activation "${name}" has no PyTorch equivalent here`);
  }
}

const dense: TorchLayer = {
  module: (n) => {
    const features = n.inputShapes[0]!.at(-1)!;
    return `nn.Linear(${features}, ${num(n.params, 'units')}${bool(n.params, 'useBias') ? '' : ', bias=False'})`;
  },
  forward: (n, [x], self) => activationCode(str(n.params, 'activation'), `${self}(${x})`, n.outputShapes[0]!.length),
  weights: (n) => [
    { key: 'weight', source: 'kernel', steps: [{ op: 'transpose', perm: [1, 0] }] },
    ...(bool(n.params, 'useBias') ? [{ key: 'bias', source: 'bias', steps: [] }] : []),
  ],
};

/** How a convolution pads: a constructor argument when PyTorch can pad symmetrically, else a pad before it. */
function convPadding(
  mode: string,
  kernel: number[],
  strides: number[],
  dilation: number[],
): { ctor: number[] | null; pre: ((x: string) => string) | null; helpers: string[] } {
  const zeros = kernel.map(() => 0);
  if (mode === 'valid') return { ctor: zeros, pre: null, helpers: [] };
  const totals = kernel.map((k, i) => (k - 1) * dilation[i]!);
  if (mode === 'causal') return { ctor: zeros, pre: (x) => `F.pad(${x}, (${totals[0]}, 0))`, helpers: [] };
  if (strides.every((s) => s === 1) && totals.every((t) => t % 2 === 0)) return { ctor: totals.map((t) => t / 2), pre: null, helpers: [] };
  return { ctor: zeros, pre: (x) => `pad_same(${x}, ${tuple(kernel)}, ${tuple(strides)}, ${tuple(dilation)})`, helpers: ['pad_same'] };
}

const sized = (p: P, k: string, rank: number): number[] => (rank === 1 ? [num(p, k)] : nums(p, k));

function convolution(rank: 1 | 2): TorchLayer {
  const info = (n: TorchNode) => {
    const kernel = sized(n.params, 'kernelSize', rank);
    const strides = sized(n.params, 'strides', rank);
    const dilation = sized(n.params, 'dilationRate', rank);
    return { kernel, strides, dilation, padding: convPadding(str(n.params, 'padding'), kernel, strides, dilation) };
  };
  return {
    module(n) {
      const { kernel, strides, dilation, padding } = info(n);
      const channels = n.inputShapes[0]!.at(-1)!;
      const cls = rank === 1 ? 'nn.Conv1d' : 'nn.Conv2d';
      const args = [`${channels}`, `${num(n.params, 'filters')}`, tuple(kernel), `stride=${tuple(strides)}`];
      if (padding.ctor!.some((v) => v > 0)) args.push(`padding=${tuple(padding.ctor!)}`);
      if (dilation.some((d) => d > 1)) args.push(`dilation=${tuple(dilation)}`);
      if (!bool(n.params, 'useBias')) args.push('bias=False');
      return `${cls}(${args.join(', ')})`;
    },
    forward(n, [x], self) {
      const { padding } = info(n);
      // Conv1d reads N, C, L; the graph's sequences are N, L, C.
      const input = rank === 1 ? `${x}.transpose(1, 2)` : x;
      const conv = `${self}(${padding.pre ? padding.pre(input) : input})`;
      const out = rank === 1 ? `${conv}.transpose(1, 2)` : conv;
      return activationCode(str(n.params, 'activation'), out, rank + 2);
    },
    weights: (n) => [
      { key: 'weight', source: 'kernel', steps: [{ op: 'transpose', perm: rank === 1 ? [2, 1, 0] : [3, 2, 0, 1] }] },
      ...(bool(n.params, 'useBias') ? [{ key: 'bias', source: 'bias', steps: [] }] : []),
    ],
    helpers: (n) => info(n).padding.helpers,
  };
}

const conv2dTranspose: TorchLayer = {
  module: (n) =>
    `ConvTranspose2dTF(${n.inputShapes[0]![3]}, ${num(n.params, 'filters')}, ${tuple(nums(n.params, 'kernelSize'))}, ${tuple(
      nums(n.params, 'strides'),
    )}, '${str(n.params, 'padding')}'${bool(n.params, 'useBias') ? '' : ', bias=False'})`,
  forward: (n, [x], self) => activationCode(str(n.params, 'activation'), `${self}(${x})`, 4),
  // tfjs keeps [h, w, out, in]; PyTorch's transposed convolution [in, out, h, w].
  weights: (n) => [
    { key: 'weight', source: 'kernel', steps: [{ op: 'transpose', perm: [3, 2, 0, 1] }] },
    ...(bool(n.params, 'useBias') ? [{ key: 'bias', source: 'bias', steps: [] }] : []),
  ],
  helpers: () => ['ConvTranspose2dSame'],
};

/** [h, w, C, m] depthwise kernel → PyTorch's grouped [C·m, 1, h, w]; output channel c·m + k in both. */
function depthwiseSteps(kernel: number[], channels: number, multiplier: number): LayoutStep[] {
  const [h, w] = kernel as [number, number];
  return [
    { op: 'reshape', shape: [h, w, channels * multiplier] },
    { op: 'transpose', perm: [2, 0, 1] },
    { op: 'reshape', shape: [channels * multiplier, 1, h, w] },
  ];
}

function depthwiseInfo(n: TorchNode) {
  const kernel = nums(n.params, 'kernelSize');
  const strides = nums(n.params, 'strides');
  const dilation = nums(n.params, 'dilationRate');
  return { kernel, strides, dilation, channels: n.inputShapes[0]![3]!, multiplier: num(n.params, 'depthMultiplier'), padding: convPadding(str(n.params, 'padding'), kernel, strides, dilation) };
}

const depthwiseConv2d: TorchLayer = {
  module(n) {
    const d = depthwiseInfo(n);
    return `nn.Conv2d(${d.channels}, ${d.channels * d.multiplier}, ${tuple(d.kernel)}, stride=${tuple(d.strides)}, padding=${tuple(d.padding.ctor!)}, dilation=${tuple(
      d.dilation,
    )}, groups=${d.channels}${bool(n.params, 'useBias') ? '' : ', bias=False'})`;
  },
  forward(n, [x], self) {
    const d = depthwiseInfo(n);
    return activationCode(str(n.params, 'activation'), `${self}(${d.padding.pre ? d.padding.pre(x) : x})`, 4);
  },
  weights(n) {
    const d = depthwiseInfo(n);
    return [
      { key: 'weight', source: 'depthwise_kernel', steps: depthwiseSteps(d.kernel, d.channels, d.multiplier) },
      ...(bool(n.params, 'useBias') ? [{ key: 'bias', source: 'bias', steps: [] }] : []),
    ];
  },
  helpers: (n) => depthwiseInfo(n).padding.helpers,
};

const separableConv2d: TorchLayer = {
  module(n) {
    const d = depthwiseInfo(n);
    return `SeparableConv2d(${d.channels}, ${num(n.params, 'filters')}, ${tuple(d.kernel)}, ${tuple(d.strides)}, ${tuple(d.padding.ctor!)}, ${tuple(
      d.dilation,
    )}, ${d.multiplier}${bool(n.params, 'useBias') ? '' : ', bias=False'})`;
  },
  forward(n, [x], self) {
    const d = depthwiseInfo(n);
    return activationCode(str(n.params, 'activation'), `${self}(${d.padding.pre ? d.padding.pre(x) : x})`, 4);
  },
  weights(n) {
    const d = depthwiseInfo(n);
    return [
      { key: 'depthwise.weight', source: 'depthwise_kernel', steps: depthwiseSteps(d.kernel, d.channels, d.multiplier) },
      { key: 'pointwise.weight', source: 'pointwise_kernel', steps: [{ op: 'transpose', perm: [3, 2, 0, 1] }] },
      ...(bool(n.params, 'useBias') ? [{ key: 'pointwise.bias', source: 'bias', steps: [] }] : []),
    ];
  },
  helpers: (n) => ['SeparableConv2d', ...depthwiseInfo(n).padding.helpers],
};

function pooling(reduction: 'Max' | 'Average', rank: 1 | 2): TorchLayer {
  const info = (n: TorchNode) => {
    const pool = sized(n.params, 'poolSize', rank);
    const strides = (n.params.strides === null ? pool : sized(n.params, 'strides', rank)) as number[];
    return { pool, strides, same: str(n.params, 'padding') === 'same' };
  };
  const fn = `${reduction === 'Max' ? 'max' : 'avg'}_pool${rank}d`;
  return {
    forward(n, [x], _self) {
      const { pool, strides, same } = info(n);
      const input = rank === 1 ? `${x}.transpose(1, 2)` : x;
      let out: string;
      if (!same) out = `F.${fn}(${input}, ${tuple(pool)}, ${tuple(strides)})`;
      else if (reduction === 'Max') out = `F.${fn}(pad_same(${input}, ${tuple(pool)}, ${tuple(strides)}, ${tuple(pool.map(() => 1))}, float('-inf')), ${tuple(pool)}, ${tuple(strides)})`;
      else out = `avg_pool_same(${input}, ${tuple(pool)}, ${tuple(strides)})`;
      return rank === 1 ? `${out}.transpose(1, 2)` : out;
    },
    helpers: (n) => (info(n).same ? [reduction === 'Max' ? 'pad_same' : 'avg_pool_same'] : []),
  };
}

function globalPooling(reduction: 'Max' | 'Average', rank: 1 | 2): TorchLayer {
  return {
    forward(n, [x]) {
      const dims = rank === 1 ? '1' : '(2, 3)';
      const keep = bool(n.params, 'keepDims') ? ', keepdim=True' : '';
      return reduction === 'Max' ? `torch.amax(${x}, dim=${dims}${keep})` : `${x}.mean(dim=${dims}${keep})`;
    },
  };
}

const activation: TorchLayer = {
  forward: (n, [x]) => activationCode(str(n.params, 'activation'), x!, n.inputShapes[0]!.length, n.params.alpha as number | undefined),
};

const dropout: TorchLayer = {
  module: (n) => `nn.Dropout(${num(n.params, 'rate')})`,
  forward: (_n, [x], self) => `${self}(${x})`,
};

const flatten: TorchLayer = {
  // Flattened in the graph's (channels-last) order, so the Dense after it gets its features in the same order.
  forward: (n, [x]) => `torch.flatten(${toGraphLayout(x!, n.inputShapes[0]!.length)}, 1)`,
  helpers: (n) => layoutHelpers(n.inputShapes[0]!.length),
};

const reshape: TorchLayer = {
  forward(n, [x]) {
    const inRank = n.inputShapes[0]!.length;
    const out = n.outputShapes[0]!;
    const target = out.slice(1).map((d) => (d === null ? -1 : d));
    return toTorchLayout(`${toGraphLayout(x!, inRank)}.reshape(${x}.shape[0], ${target.join(', ')})`, out.length);
  },
  helpers: (n) => layoutHelpers(n.inputShapes[0]!.length, n.outputShapes[0]!.length),
};

const permute: TorchLayer = {
  forward(n, [x]) {
    const inRank = n.inputShapes[0]!.length;
    return toTorchLayout(`${toGraphLayout(x!, inRank)}.permute(0, ${nums(n.params, 'dims').join(', ')})`, n.outputShapes[0]!.length);
  },
  helpers: (n) => layoutHelpers(n.inputShapes[0]!.length, n.outputShapes[0]!.length),
};

const repeatVector: TorchLayer = {
  forward: (n, [x]) => `${x}.unsqueeze(1).repeat(1, ${num(n.params, 'n')}, 1)`,
};

function paddingSides(p: unknown): [[number, number], [number, number]] {
  if (typeof p === 'number') return [[p, p], [p, p]];
  const [rows, cols] = p as [unknown, unknown];
  if (typeof rows === 'number' && typeof cols === 'number') return [[rows, rows], [cols, cols]];
  return [rows as [number, number], cols as [number, number]];
}

const zeroPadding2d: TorchLayer = {
  forward(n, [x]) {
    const [[top, bottom], [left, right]] = paddingSides(n.params.padding);
    return `F.pad(${x}, (${left}, ${right}, ${top}, ${bottom}))`;
  },
};

const upSampling2d: TorchLayer = {
  forward(n, [x]) {
    const [a, b] = nums(n.params, 'size') as [number, number];
    if (str(n.params, 'interpolation') === 'bilinear') return `resize_bilinear_legacy(${x}, ${a}, ${b})`;
    return `${x}.repeat_interleave(${a}, dim=2).repeat_interleave(${b}, dim=3)`;
  },
  helpers: (n) => (str(n.params, 'interpolation') === 'bilinear' ? ['resize_bilinear_legacy'] : []),
};

const isLastAxis = (axis: number, rank: number) => axis === -1 || axis === rank - 1;

const batchNormalization: TorchLayer = {
  refuse(n) {
    const rank = n.inputShapes[0]!.length;
    if (!isLastAxis(num(n.params, 'axis'), rank)) return 'BatchNormalization along an axis other than the last (features / channels) is not exported to PyTorch yet';
    if (bool(n.params, 'center') !== bool(n.params, 'scale')) return 'BatchNormalization with only one of center and scale has no PyTorch equivalent — turn both on or both off';
    return null;
  },
  module(n) {
    const shape = n.inputShapes[0]!;
    const cls = shape.length === 4 ? 'nn.BatchNorm2d' : 'nn.BatchNorm1d';
    // PyTorch's momentum weighs the new batch; Keras's the running average.
    const momentum = Number((1 - num(n.params, 'momentum')).toPrecision(6));
    return `${cls}(${shape.at(-1)}, eps=${num(n.params, 'epsilon')}, momentum=${momentum}${bool(n.params, 'scale') ? '' : ', affine=False'})`;
  },
  forward: (n, [x], self) => (n.inputShapes[0]!.length === 3 ? `${self}(${x}.transpose(1, 2)).transpose(1, 2)` : `${self}(${x})`),
  weights: (n) => [
    ...(bool(n.params, 'scale') ? [{ key: 'weight', source: 'gamma', steps: [] }, { key: 'bias', source: 'beta', steps: [] }] : []),
    { key: 'running_mean', source: 'moving_mean', steps: [] },
    { key: 'running_var', source: 'moving_variance', steps: [] },
  ],
};

const layerNormalization: TorchLayer = {
  module(n) {
    const shape = n.inputShapes[0]!;
    const axis = num(n.params, 'axis');
    const size = shape[axis < 0 ? shape.length + axis : axis]!;
    const eps = num(n.params, 'epsilon');
    if (shape.length !== 4 && isLastAxis(axis, shape.length) && bool(n.params, 'center') && bool(n.params, 'scale')) return `nn.LayerNorm(${size}, eps=${eps})`;
    return `LayerNormOverAxis(${size}, dim=${torchAxis(axis, shape.length)}, eps=${eps}, center=${py(bool(n.params, 'center'))}, scale=${py(bool(n.params, 'scale'))})`;
  },
  forward: (_n, [x], self) => `${self}(${x})`,
  weights: (n) => [
    ...(bool(n.params, 'scale') ? [{ key: 'weight', source: 'gamma', steps: [] }] : []),
    ...(bool(n.params, 'center') ? [{ key: 'bias', source: 'beta', steps: [] }] : []),
  ],
  helpers(n) {
    const shape = n.inputShapes[0]!;
    return shape.length !== 4 && isLastAxis(num(n.params, 'axis'), shape.length) && bool(n.params, 'center') && bool(n.params, 'scale') ? [] : ['LayerNormOverAxis'];
  },
};

const elementwise = (combine: (args: string[]) => string): TorchLayer => ({ forward: (_n, args) => combine(args) });
const fold = (fn: string) => (args: string[]) => args.slice(1).reduce((acc, a) => `${fn}(${acc}, ${a})`, args[0]!);

const concatenate: TorchLayer = {
  forward: (n, args) => `torch.cat([${args.join(', ')}], dim=${torchAxis(num(n.params, 'axis'), n.outputShapes[0]!.length)})`,
};

const embedding: TorchLayer = {
  module: (n) => `nn.Embedding(${num(n.params, 'inputDim')}, ${num(n.params, 'outputDim')})`,
  forward: (_n, [x], self) => `${self}(${x}.long())`,
  weights: () => [{ key: 'weight', source: 'embeddings', steps: [] }],
};

/** Keras's GRU gates are z, r, h; PyTorch's r, z, n. */
const GRU_TO_TORCH = [1, 0, 2];

type RecurrentType = 'LSTM' | 'GRU' | 'SimpleRNN';

export function recurrentModule(type: RecurrentType, features: number, p: P, goBackwards = bool(p, 'goBackwards')): string {
  const args = [`'${type}'`, `${features}`, `${num(p, 'units')}`];
  const activationName = str(p, 'activation');
  if (activationName !== 'tanh') args.push(`activation='${activationName}'`);
  if (type !== 'SimpleRNN' && str(p, 'recurrentActivation') !== 'sigmoid') args.push(`recurrent_activation='${str(p, 'recurrentActivation')}'`);
  if (!bool(p, 'useBias')) args.push('use_bias=False');
  if (type === 'GRU' && bool(p, 'resetAfter')) args.push('reset_after=True');
  if (bool(p, 'returnSequences')) args.push('return_sequences=True');
  if (bool(p, 'returnState')) args.push('return_state=True');
  if (goBackwards) args.push('go_backwards=True');
  if (num(p, 'dropout') > 0) args.push(`dropout=${num(p, 'dropout')}`);
  if (num(p, 'recurrentDropout') > 0) args.push(`recurrent_dropout=${num(p, 'recurrentDropout')}`);
  return `Recurrent(${args.join(', ')})`;
}

export function recurrentWeights(type: RecurrentType, p: P, prefix = '', within?: 'forward' | 'backward'): TorchWeight[] {
  const reorder: LayoutStep[] = type === 'GRU' ? [{ op: 'reorder', order: GRU_TO_TORCH }] : [];
  const w = (key: string, source: string, steps: LayoutStep[]): TorchWeight => ({ key: prefix + key, source, steps, ...(within ? { within } : {}) });
  const out = [
    w('weight_ih', 'kernel', [{ op: 'transpose', perm: [1, 0] }, ...reorder]),
    w('weight_hh', 'recurrent_kernel', [{ op: 'transpose', perm: [1, 0] }, ...reorder]),
  ];
  if (!bool(p, 'useBias')) return out;
  if (type === 'GRU' && bool(p, 'resetAfter'))
    return [...out, w('bias_ih', 'bias', [{ op: 'row', index: 0 }, ...reorder]), w('bias_hh', 'bias', [{ op: 'row', index: 1 }, ...reorder])];
  return [...out, w('bias_ih', 'bias', reorder)];
}

function recurrent(type: RecurrentType): TorchLayer {
  return {
    module: (n) => recurrentModule(type, n.inputShapes[0]![2]!, n.params),
    forward: (_n, [x], self) => `${self}(${x})`,
    maskedForward: (_n, [x], self, mask) => `${self}(${x}, mask=${mask})`,
    weights: (n) => recurrentWeights(type, n.params),
    helpers: () => ['Recurrent'],
  };
}

function innerRecurrentParams(n: TorchNode): { type: RecurrentType; params: P } {
  const layer = n.params.layer as { type: RecurrentType; params: P };
  const kind = n.ctx.kind(layer.type)!;
  return { type: layer.type, params: kind.params.parse(layer.params) as P };
}

const bidirectional: TorchLayer = {
  module(n) {
    const { type, params } = innerRecurrentParams(n);
    const features = n.inputShapes[0]![2]!;
    return `Bidirectional(\n            ${recurrentModule(type, features, params, false)},\n            ${recurrentModule(type, features, params, true)},\n            '${str(n.params, 'mergeMode')}')`;
  },
  forward: (_n, [x], self) => `${self}(${x})`,
  weights(n) {
    const { type, params } = innerRecurrentParams(n);
    return [...recurrentWeights(type, params, 'forward_layer.', 'forward'), ...recurrentWeights(type, params, 'backward_layer.', 'backward')];
  },
  helpers: () => ['Bidirectional'],
  refuse(n) {
    const { params } = innerRecurrentParams(n);
    return bool(params, 'goBackwards') ? 'Bidirectional around a layer that already reads backwards is not exported to PyTorch' : null;
  },
};

/** The node TimeDistributed wraps, seen as a node of its own on one time step. */
function innerNode(n: TorchNode): { layer: TorchLayer; node: TorchNode } | string {
  const spec = n.params.layer as { type: string; params: P };
  const layer = TORCH_LAYERS[spec.type];
  if (!layer) return `TimeDistributed around ${spec.type}, which is not exported to PyTorch`;
  const kind = n.ctx.kind(spec.type)!;
  const stepShape = (s: Shape): Shape => [null, ...s.slice(2)];
  const node: TorchNode = {
    attr: n.attr,
    params: kind.params.parse(spec.params) as P,
    inputShapes: n.inputShapes.map(stepShape),
    outputShapes: n.outputShapes.map(stepShape),
    ctx: n.ctx,
  };
  return { layer, node };
}

const timeDistributed: TorchLayer = {
  refuse(n) {
    const inner = innerNode(n);
    if (typeof inner === 'string') return inner;
    return inner.layer.refuse?.(inner.node) ?? null;
  },
  module(n) {
    const inner = innerNode(n) as { layer: TorchLayer; node: TorchNode };
    return inner.layer.module?.(inner.node) ?? 'nn.Identity()';
  },
  forward(n, [x], self) {
    const { layer, node } = innerNode(n) as { layer: TorchLayer; node: TorchNode };
    const inRank = n.inputShapes[0]!.length;
    const stepIn = node.inputShapes[0]!.length;
    const stepOut = node.outputShapes[0]!.length;
    const body = toGraphLayout(layer.forward(node, [toTorchLayout('step', stepIn)], self), stepOut);
    return toTorchLayout(`time_distributed(lambda step: ${body}, ${toGraphLayout(x!, inRank)})`, n.outputShapes[0]!.length);
  },
  weights(n) {
    const { layer, node } = innerNode(n) as { layer: TorchLayer; node: TorchNode };
    return layer.weights?.(node) ?? [];
  },
  helpers(n) {
    const { layer, node } = innerNode(n) as { layer: TorchLayer; node: TorchNode };
    return ['time_distributed', 'layout', ...(layer.helpers?.(node) ?? [])];
  },
};

const attention: TorchLayer = {
  module: (n) => {
    const args: string[] = [];
    if (bool(n.params, 'useScale')) args.push('use_scale=True');
    if (bool(n.params, 'causal')) args.push('causal=True');
    if (num(n.params, 'dropout') > 0) args.push(`dropout=${num(n.params, 'dropout')}`);
    return `DotProductAttention(${args.join(', ')})`;
  },
  forward: (_n, args, self) => `${self}(${args.join(', ')})`,
  weights: (n) => (bool(n.params, 'useScale') ? [{ key: 'scale', source: 'scale', steps: [] }] : []),
  helpers: () => ['DotProductAttention'],
};

const multiHeadAttention: TorchLayer = {
  module(n) {
    const [query, value, key = value] = n.inputShapes as [Shape, Shape, Shape?];
    const keyDim = num(n.params, 'keyDim');
    const valueDim = (n.params.valueDim as number | null) ?? keyDim;
    const out = (n.params.outputDim as number | null) ?? query.at(-1)!;
    const args = [query.at(-1), value.at(-1), key!.at(-1), num(n.params, 'numHeads'), keyDim, valueDim, out].map(String);
    if (!bool(n.params, 'useBias')) args.push('use_bias=False');
    if (num(n.params, 'dropout') > 0) args.push(`dropout=${num(n.params, 'dropout')}`);
    if (bool(n.params, 'causal')) args.push('causal=True');
    if (bool(n.params, 'returnAttentionScores')) args.push('return_attention_scores=True');
    return `MultiHeadAttention(${args.join(', ')})`;
  },
  forward: (_n, args, self) => `${self}(${args.join(', ')})`,
  // The layer is handed its query's mask and zeroes padded queries' rows. tfjs calls
  // self-attention (query, value and key one tensor) on that tensor alone, so there the mask
  // hides the padded keys too; a separate value's mask never reaches the layer.
  maskedForward: (_n, args, self, mask) =>
    `${self}(${args.join(', ')}, query_mask=${mask}${args.every((a) => a === args[0]) ? `, key_mask=${mask}` : ''})`,
  // Every 4-D tensor in forward is held channels-first, the attention weights [batch, heads, queries, keys] too.
  after: (n, vars) => (bool(n.params, 'returnAttentionScores') ? [`${vars[1]} = channels_first(${vars[1]})  # [batch, keys, heads, queries], as 4-D tensors are held here`] : []),
  // Keras's layout is kept as it is: the weights copy over unchanged.
  weights: (n) =>
    ['query', 'key', 'value', 'output'].flatMap((part) => {
      const source = part === 'output' ? 'attention_output' : part;
      return [
        { key: `${part}_kernel`, source: `${source}/kernel`, steps: [] },
        ...(bool(n.params, 'useBias') ? [{ key: `${part}_bias`, source: `${source}/bias`, steps: [] }] : []),
      ];
    }),
  helpers: (n) => ['MultiHeadAttention', ...(bool(n.params, 'returnAttentionScores') ? ['layout'] : [])],
};

const positionalEmbedding: TorchLayer = {
  module: (n) => `PositionalEmbedding(${num(n.params, 'maxLength')}, ${n.inputShapes[0]![2]})`,
  forward: (_n, [x], self) => `${self}(${x})`,
  weights: () => [{ key: 'embeddings', source: 'embeddings', steps: [] }],
  helpers: () => ['PositionalEmbedding'],
};

const sinusoidalEncoding: TorchLayer = {
  forward: (n, [x]) => `${x} + sinusoidal_table(${x}.shape[1], ${x}.shape[2], ${num(n.params, 'base')}, ${x})`,
  helpers: () => ['sinusoidal_table'],
};

const takeStep: TorchLayer = {
  forward: (n, [x]) => toTorchLayout(`${toGraphLayout(x!, n.inputShapes[0]!.length)}[:, ${num(n.params, 'index')}]`, n.outputShapes[0]!.length),
  helpers: (n) => layoutHelpers(n.inputShapes[0]!.length, n.outputShapes[0]!.length),
};

const patchEmbedding: TorchLayer = {
  module: (n) => `PatchEmbedding(${n.inputShapes[0]![3]}, ${num(n.params, 'patchSize')}, ${num(n.params, 'embedDim')}${bool(n.params, 'classToken') ? ', class_token=True' : ''})`,
  forward: (_n, [x], self) => `${self}(${x})`,
  weights: (n) => [
    { key: 'projection.weight', source: 'kernel', steps: [{ op: 'transpose', perm: [3, 2, 0, 1] }] },
    { key: 'projection.bias', source: 'bias', steps: [] },
    ...(bool(n.params, 'classToken') ? [{ key: 'class_token', source: 'class_token', steps: [] }] : []),
  ],
  helpers: () => ['PatchEmbedding'],
};

const additiveAttention: TorchLayer = {
  module(n) {
    const args = [`${n.inputShapes[0]!.at(-1)}`];
    if (!bool(n.params, 'useScale')) args.push('use_scale=False');
    if (bool(n.params, 'causal')) args.push('causal=True');
    if (num(n.params, 'dropout') > 0) args.push(`dropout=${num(n.params, 'dropout')}`);
    return `AdditiveAttention(${args.join(', ')})`;
  },
  forward: (_n, args, self) => `${self}(${args.join(', ')})`,
  weights: (n) => (bool(n.params, 'useScale') ? [{ key: 'scale', source: 'scale', steps: [] }] : []),
  helpers: () => ['AdditiveAttention'],
};

/**
 * Graph layers take [node features [N, F], edge index [E, 2], …] in the graph's own layout
 * (N and E are the free first axes) and scatter along the edges with plain torch
 * (index_add / scatter_reduce), as NN Designer does: no torch_geometric needed.
 */
const linearFrom = (key: string, source: string, withBias: boolean, biasKey = `${key}.bias`, biasSource = 'bias'): TorchWeight[] => [
  { key: `${key}.weight`, source, steps: [{ op: 'transpose', perm: [1, 0] }] },
  ...(withBias ? [{ key: biasKey, source: biasSource, steps: [] }] : []),
];
const graphForward = (n: TorchNode, args: string[], self: string) => activationCode(str(n.params, 'activation'), `${self}(${args.join(', ')})`, 2);

const gcnConv: TorchLayer = {
  module: (n) =>
    `GCNConv(${n.inputShapes[0]![1]}, ${num(n.params, 'units')}${bool(n.params, 'useBias') ? '' : ', use_bias=False'}${bool(n.params, 'selfLoops') ? '' : ', self_loops=False'})`,
  forward: graphForward,
  weights: (n) => linearFrom('linear', 'kernel', bool(n.params, 'useBias'), 'bias'),
  helpers: () => ['GCNConv'],
};

const sageConv: TorchLayer = {
  module: (n) => `SAGEConv(${n.inputShapes[0]![1]}, ${num(n.params, 'units')}${bool(n.params, 'useBias') ? '' : ', use_bias=False'})`,
  forward: graphForward,
  weights: (n) => linearFrom('linear', 'kernel', bool(n.params, 'useBias')),
  helpers: () => ['SAGEConv'],
};

const gatConv: TorchLayer = {
  module(n) {
    const args = [`${n.inputShapes[0]![1]}`, `${num(n.params, 'units')}`, `heads=${num(n.params, 'heads')}`];
    if (!bool(n.params, 'concatHeads')) args.push('concat_heads=False');
    if (num(n.params, 'negativeSlope') !== 0.2) args.push(`negative_slope=${num(n.params, 'negativeSlope')}`);
    if (!bool(n.params, 'selfLoops')) args.push('self_loops=False');
    if (!bool(n.params, 'useBias')) args.push('use_bias=False');
    return `GATConv(${args.join(', ')})`;
  },
  forward: graphForward,
  weights: (n) => [
    ...linearFrom('linear', 'kernel', false),
    { key: 'attention_source', source: 'attention_source', steps: [] },
    { key: 'attention_target', source: 'attention_target', steps: [] },
    ...(bool(n.params, 'useBias') ? [{ key: 'bias', source: 'bias', steps: [] }] : []),
  ],
  helpers: () => ['GATConv'],
};

const messagePassing: TorchLayer = {
  module(n) {
    const edgeFeatures = n.inputShapes[2]?.[1] ?? 0;
    const args = [`${n.inputShapes[0]![1]}`, `${edgeFeatures}`, `${num(n.params, 'units')}`, `message='${str(n.params, 'message')}'`];
    if (str(n.params, 'message') === 'linear') args.push(`message_units=${num(n.params, 'messageUnits')}`);
    args.push(`aggregate='${str(n.params, 'aggregate')}'`);
    if (bool(n.params, 'selfLoops')) args.push('self_loops=True');
    if (!bool(n.params, 'useBias')) args.push('use_bias=False');
    return `MessagePassing(${args.join(', ')})`;
  },
  forward: graphForward,
  weights: (n) => [
    ...(str(n.params, 'message') === 'linear' ? linearFrom('message', 'message_kernel', bool(n.params, 'useBias'), 'message.bias', 'message_bias') : []),
    ...linearFrom('update', 'update_kernel', bool(n.params, 'useBias'), 'update.bias', 'update_bias'),
  ],
  helpers: () => ['MessagePassing'],
};

const graphReadout: TorchLayer = {
  module: (n) => `GraphReadout('${str(n.params, 'mode')}')`,
  forward: (_n, args, self) => `${self}(${args.join(', ')})`,
  helpers: () => ['GraphReadout'],
};

/**
 * Every kind the PyTorch exporter writes. A kind missing here is refused by name at export,
 * and `UNSUPPORTED_TORCH_KINDS` lists the ones left out on purpose (a test keeps the two honest).
 */
export const TORCH_LAYERS: Record<string, TorchLayer> = {
  Dense: dense,
  Activation: activation,
  Dropout: dropout,
  Flatten: flatten,
  Reshape: reshape,
  Permute: permute,
  RepeatVector: repeatVector,
  Conv1D: convolution(1),
  Conv2D: convolution(2),
  Conv2DTranspose: conv2dTranspose,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  MaxPooling2D: pooling('Max', 2),
  AveragePooling2D: pooling('Average', 2),
  MaxPooling1D: pooling('Max', 1),
  AveragePooling1D: pooling('Average', 1),
  GlobalMaxPooling2D: globalPooling('Max', 2),
  GlobalAveragePooling2D: globalPooling('Average', 2),
  GlobalMaxPooling1D: globalPooling('Max', 1),
  GlobalAveragePooling1D: globalPooling('Average', 1),
  ZeroPadding2D: zeroPadding2d,
  UpSampling2D: upSampling2d,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  Add: elementwise((args) => args.join(' + ')),
  Multiply: elementwise((args) => args.join(' * ')),
  Average: elementwise((args) => `(${args.join(' + ')}) / ${args.length}`),
  Maximum: elementwise(fold('torch.maximum')),
  Minimum: elementwise(fold('torch.minimum')),
  Concatenate: concatenate,
  Embedding: embedding,
  SimpleRNN: recurrent('SimpleRNN'),
  LSTM: recurrent('LSTM'),
  GRU: recurrent('GRU'),
  Bidirectional: bidirectional,
  TimeDistributed: timeDistributed,
  Attention: attention,
  MultiHeadAttention: multiHeadAttention,
  PositionalEmbedding: positionalEmbedding,
  SinusoidalPositionalEncoding: sinusoidalEncoding,
  TakeStep: takeStep,
  PatchEmbedding: patchEmbedding,
  AdditiveAttention: additiveAttention,
  MessagePassing: messagePassing,
  GCNConv: gcnConv,
  SAGEConv: sageConv,
  GATConv: gatConv,
  GraphReadout: graphReadout,
};

/**
 * Kinds of the catalog the PyTorch exporter does not write yet, each with the reason shown
 * to a person who tries (none today). Input is not here: it becomes a parameter of forward.
 */
export const UNSUPPORTED_TORCH_KINDS: Record<string, string> = {};
