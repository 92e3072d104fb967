import type { LayoutStep } from './layout-steps';
import { pythonHelper, type Params, type PythonHelper } from './python';
import { torchLayoutPy } from './python/torch_layout.py.generated';
import { torchPadSamePy } from './python/torch_pad_same.py.generated';

/**
 * How a layer kind becomes PyTorch code (each kind's `pytorch.ts` holds its emitter): the
 * module built in `__init__`, the expression `forward` computes, and where each of its
 * PyTorch weights comes from in the tfjs layer.
 *
 * Layout: inside forward every 4-D tensor is N, C, H, W (PyTorch's images); every other
 * tensor keeps the layout it has in the graph ([batch, steps, features] sequences are
 * batch-first already). Shapes below are the graph's (tfjs, channels-last) shapes.
 */

/** A tensor shape as the graph has it; null for the batch and other free dimensions. */
export type Shape = (number | null)[];

/** What an emitter may ask of the other kinds (the wrappers write the layer they wrap). */
export interface TorchContext {
  emitter(type: string): TorchEmitter | undefined;
  /** The params of a wrapped layer with its kind's defaults filled in. */
  params(type: string, params: Params): Params;
}

export interface TorchNode {
  /** Python attribute and variable name of the node. */
  attr: string;
  params: Params;
  inputShapes: Shape[];
  outputShapes: Shape[];
  ctx: TorchContext;
}

/** One PyTorch tensor of a node's state dict and the tfjs weight it is made from. */
export interface TorchWeight {
  /** State-dict key below the node's attribute, e.g. `weight`. */
  key: string;
  /** The tfjs weight's own name (`kernel`, `recurrent_kernel`, `gamma`, …). */
  source: string;
  /** A wrapper holding two copies of a layer (reading forwards and backwards): which copy the tfjs weight belongs to. */
  within?: 'forward' | 'backward';
  steps: LayoutStep[];
}

export interface TorchLayerEmitter {
  type: string;
  /** Constructor expression for `self.<attr>`; absent for nodes that are a function of their inputs. */
  module?(n: TorchNode): string;
  /** The forward expression; `self` is the module's attribute expression. Several outputs: a tuple. */
  forward(n: TorchNode, args: string[], self: string): string;
  weights?(n: TorchNode): TorchWeight[];
  /** Statements after the forward line, given the node's output variables. */
  after?(n: TorchNode, vars: string[]): string[];
  /** The Python helpers the code uses. */
  helpers?(n: TorchNode): PythonHelper[];
  /** Why this node's settings cannot be exported, or null. */
  refuse?(n: TorchNode): string | null;
  /**
   * The padding mask (as tfjs's executor moves it): a layer is handed the mask of its first
   * input, and hands a mask on to its outputs when `passes` says so; any other layer drops it.
   */
  mask?: {
    /**
     * The node makes a mask of its own from its input and reads none (an Embedding with
     * maskZero: id 0 is padding): with which params, and the mask's Python expression.
     */
    makes?: { when(n: TorchNode): boolean; from(input: string): string };
    /** Whether the node hands the mask it is handed on to its outputs. */
    passes?(n: TorchNode): boolean;
    /**
     * The forward expression when the node is handed the padding mask `mask` ([batch, steps],
     * True = a real step) and reads it as tfjs does; absent for layers that ignore the mask.
     */
    forward?(n: TorchNode, args: string[], self: string, mask: string): string;
    /** Why the node cannot be exported when it is handed a mask (one it reads and the export does not write), or null. */
    refuse?(n: TorchNode, inputs: number): string | null;
  };
}

/** An Input kind: a parameter of forward. */
export interface TorchInputEmitter {
  type: string;
  /** What the first axis of the input counts, for model.py's docstring: `batch`, `nodes`, `edges`. */
  rows(params: Params): string;
}

export type TorchEmitter = TorchLayerEmitter | TorchInputEmitter;

export const isTorchInput = (emitter: TorchEmitter): emitter is TorchInputEmitter => 'rows' in emitter;

/** The refusal of a layer that reads the padding mask in tfjs, a form the PyTorch export does not write yet. */
export const unwrittenMaskReader = (what: string): string =>
  `${what} after an Embedding with maskZero reads the padding mask, which the PyTorch export does not write for it yet — turn maskZero off`;

export const num = (p: Params, k: string) => p[k] as number;
export const nums = (p: Params, k: string) => p[k] as number[];
export const bool = (p: Params, k: string) => p[k] as boolean;
export const str = (p: Params, k: string) => p[k] as string;
/** A 1-D kind's size param is a number, a 2-D kind's a pair: both as a list. */
export const sized = (p: Params, k: string, rank: number): number[] => (rank === 1 ? [num(p, k)] : nums(p, k));

/** A tfjs axis of a `rank`-D tensor, as the axis of the same tensor in forward's layout. */
export function torchAxis(axis: number, rank: number): number {
  const a = axis < 0 ? rank + axis : axis;
  return rank === 4 ? [0, 2, 3, 1][a]! : a;
}

export const isLastAxis = (axis: number, rank: number) => axis === -1 || axis === rank - 1;

/** A graph shape as the tensor has it in forward. */
export function torchShape(shape: Shape): Shape {
  return shape.length === 4 ? [shape[0]!, shape[3]!, shape[1]!, shape[2]!] : shape;
}

/** channels_last / channels_first. */
export const LAYOUT_HELPER = pythonHelper('layout', torchLayoutPy);
/** TensorFlow's 'same' padding for convolutions and pooling. */
export const PAD_SAME_HELPER = pythonHelper('pad_same', torchPadSamePy);

/** `x` (a `rank`-D tensor in forward's layout) in the graph's layout. */
export const toGraphLayout = (x: string, rank: number) => (rank === 4 ? `channels_last(${x})` : x);
/** `x` (a `rank`-D tensor in the graph's layout) in forward's layout. */
export const toTorchLayout = (x: string, rank: number) => (rank === 4 ? `channels_first(${x})` : x);
/** The helpers toGraphLayout / toTorchLayout need for tensors of these ranks. */
export const layoutHelpers = (...ranks: number[]): PythonHelper[] => (ranks.includes(4) ? [LAYOUT_HELPER] : []);

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

/** A bias copied as it is, when the layer has one. */
export const biasWeight = (p: Params, key = 'bias', source = 'bias'): TorchWeight[] => (bool(p, 'useBias') ? [{ key, source, steps: [] }] : []);
