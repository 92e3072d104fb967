import type { LayoutStep } from '../../../codegen/layout-steps';
import { pythonHelper, pyTuple as tuple, type PythonHelper } from '../../../codegen/python';
import { activationCode, biasWeight, bool, num, nums, PAD_SAME_HELPER, sized, str, type TorchLayerEmitter, type TorchNode } from '../../../codegen/torch';
import { torchConvTransposePy } from './torch_conv_transpose.py.generated';
import { torchSeparableConvPy } from './torch_separable_conv.py.generated';

const CONV_TRANSPOSE_HELPER = pythonHelper('ConvTranspose2dTF', torchConvTransposePy);
const SEPARABLE_CONV_HELPER = pythonHelper('SeparableConv2d', torchSeparableConvPy);

/** How a convolution pads: a constructor argument when PyTorch can pad symmetrically, else a pad before it. */
function convPadding(
  mode: string,
  kernel: number[],
  strides: number[],
  dilation: number[],
): { ctor: number[]; pre: ((x: string) => string) | null; helpers: PythonHelper[] } {
  const zeros = kernel.map(() => 0);
  if (mode === 'valid') return { ctor: zeros, pre: null, helpers: [] };
  const totals = kernel.map((k, i) => (k - 1) * dilation[i]!);
  if (mode === 'causal') return { ctor: zeros, pre: (x) => `F.pad(${x}, (${totals[0]}, 0))`, helpers: [] };
  if (strides.every((s) => s === 1) && totals.every((t) => t % 2 === 0)) return { ctor: totals.map((t) => t / 2), pre: null, helpers: [] };
  return { ctor: zeros, pre: (x) => `pad_same(${x}, ${tuple(kernel)}, ${tuple(strides)}, ${tuple(dilation)})`, helpers: [PAD_SAME_HELPER] };
}

function convolution(type: string, rank: 1 | 2): TorchLayerEmitter {
  const info = (n: TorchNode) => {
    const kernel = sized(n.params, 'kernelSize', rank);
    const strides = sized(n.params, 'strides', rank);
    const dilation = sized(n.params, 'dilationRate', rank);
    return { kernel, strides, dilation, padding: convPadding(str(n.params, 'padding'), kernel, strides, dilation) };
  };
  return {
    type,
    module(n) {
      const { kernel, strides, dilation, padding } = info(n);
      const channels = n.inputShapes[0]!.at(-1)!;
      const cls = rank === 1 ? 'nn.Conv1d' : 'nn.Conv2d';
      const args = [`${channels}`, `${num(n.params, 'filters')}`, tuple(kernel), `stride=${tuple(strides)}`];
      if (padding.ctor.some((v) => v > 0)) args.push(`padding=${tuple(padding.ctor)}`);
      if (dilation.some((d) => d > 1)) args.push(`dilation=${tuple(dilation)}`);
      if (!bool(n.params, 'useBias')) args.push('bias=False');
      return `${cls}(${args.join(', ')})`;
    },
    forward(n, [x], self) {
      const { padding } = info(n);
      // Conv1d reads N, C, L; the graph's sequences are N, L, C.
      const input = rank === 1 ? `${x}.transpose(1, 2)` : x!;
      const conv = `${self}(${padding.pre ? padding.pre(input) : input})`;
      const out = rank === 1 ? `${conv}.transpose(1, 2)` : conv;
      return activationCode(str(n.params, 'activation'), out, rank + 2);
    },
    weights: (n) => [{ key: 'weight', source: 'kernel', steps: [{ op: 'transpose', perm: rank === 1 ? [2, 1, 0] : [3, 2, 0, 1] }] }, ...biasWeight(n.params)],
    helpers: (n) => info(n).padding.helpers,
  };
}

const conv2dTranspose: TorchLayerEmitter = {
  type: 'Conv2DTranspose',
  module: (n) =>
    `ConvTranspose2dTF(${n.inputShapes[0]![3]}, ${num(n.params, 'filters')}, ${tuple(nums(n.params, 'kernelSize'))}, ${tuple(
      nums(n.params, 'strides'),
    )}, '${str(n.params, 'padding')}'${bool(n.params, 'useBias') ? '' : ', bias=False'})`,
  forward: (n, [x], self) => activationCode(str(n.params, 'activation'), `${self}(${x})`, 4),
  // tfjs keeps [h, w, out, in]; PyTorch's transposed convolution [in, out, h, w].
  weights: (n) => [{ key: 'weight', source: 'kernel', steps: [{ op: 'transpose', perm: [3, 2, 0, 1] }] }, ...biasWeight(n.params)],
  helpers: () => [CONV_TRANSPOSE_HELPER],
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
  return {
    kernel,
    strides,
    dilation,
    channels: n.inputShapes[0]![3]!,
    multiplier: num(n.params, 'depthMultiplier'),
    padding: convPadding(str(n.params, 'padding'), kernel, strides, dilation),
  };
}

const depthwiseForward = (n: TorchNode, [x]: string[], self: string) => {
  const d = depthwiseInfo(n);
  return activationCode(str(n.params, 'activation'), `${self}(${d.padding.pre ? d.padding.pre(x!) : x})`, 4);
};

const depthwiseConv2d: TorchLayerEmitter = {
  type: 'DepthwiseConv2D',
  module(n) {
    const d = depthwiseInfo(n);
    return `nn.Conv2d(${d.channels}, ${d.channels * d.multiplier}, ${tuple(d.kernel)}, stride=${tuple(d.strides)}, padding=${tuple(d.padding.ctor)}, dilation=${tuple(
      d.dilation,
    )}, groups=${d.channels}${bool(n.params, 'useBias') ? '' : ', bias=False'})`;
  },
  forward: depthwiseForward,
  weights(n) {
    const d = depthwiseInfo(n);
    return [{ key: 'weight', source: 'depthwise_kernel', steps: depthwiseSteps(d.kernel, d.channels, d.multiplier) }, ...biasWeight(n.params)];
  },
  helpers: (n) => depthwiseInfo(n).padding.helpers,
};

const separableConv2d: TorchLayerEmitter = {
  type: 'SeparableConv2D',
  module(n) {
    const d = depthwiseInfo(n);
    return `SeparableConv2d(${d.channels}, ${num(n.params, 'filters')}, ${tuple(d.kernel)}, ${tuple(d.strides)}, ${tuple(d.padding.ctor)}, ${tuple(
      d.dilation,
    )}, ${d.multiplier}${bool(n.params, 'useBias') ? '' : ', bias=False'})`;
  },
  forward: depthwiseForward,
  weights(n) {
    const d = depthwiseInfo(n);
    return [
      { key: 'depthwise.weight', source: 'depthwise_kernel', steps: depthwiseSteps(d.kernel, d.channels, d.multiplier) },
      { key: 'pointwise.weight', source: 'pointwise_kernel', steps: [{ op: 'transpose', perm: [3, 2, 0, 1] }] },
      ...biasWeight(n.params, 'pointwise.bias'),
    ];
  },
  helpers: (n) => [SEPARABLE_CONV_HELPER, ...depthwiseInfo(n).padding.helpers],
};

export const pytorchEmitters: TorchLayerEmitter[] = [convolution('Conv1D', 1), convolution('Conv2D', 2), conv2dTranspose, depthwiseConv2d, separableConv2d];
