/**
 * Plain row-major float32 arrays with a shape, and the few layout changes that turn a
 * tfjs weight into a PyTorch one and back. Pure and tfjs-free, so the conversion can be
 * checked on small hand-made arrays.
 */
import type { LayoutStep } from '../codegen/layout-steps';

export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1]! * shape[i + 1]!;
  return out;
}

/** numpy's `transpose(perm)`: output axis i is input axis perm[i]. */
export function transpose(t: HostTensor, perm: readonly number[]): HostTensor {
  if (perm.length !== t.shape.length) throw new Error(`transpose ${JSON.stringify(perm)} does not fit shape ${JSON.stringify(t.shape)}`);
  const shape = perm.map((p) => t.shape[p]!);
  const inStrides = strides(t.shape);
  const outStrides = strides(shape);
  const data = new Float32Array(t.data.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < data.length; o++) {
    let rest = o;
    let source = 0;
    for (let axis = 0; axis < shape.length; axis++) {
      index[axis] = Math.floor(rest / outStrides[axis]!);
      rest -= index[axis]! * outStrides[axis]!;
      source += index[axis]! * inStrides[perm[axis]!]!;
    }
    data[o] = t.data[source]!;
  }
  return { shape, data };
}

export function inversePermutation(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return inverse;
}

export function reshape(t: HostTensor, shape: readonly number[]): HostTensor {
  if (size(shape) !== t.data.length) throw new Error(`cannot reshape ${JSON.stringify(t.shape)} to ${JSON.stringify(shape)}`);
  return { shape: [...shape], data: t.data };
}

/**
 * Reorders equal blocks along the first axis: gate blocks of a recurrent weight. `order[i]`
 * is the block of the input that becomes block i of the output.
 */
export function reorderBlocks(t: HostTensor, order: readonly number[]): HostTensor {
  const blocks = order.length;
  const rows = t.shape[0]!;
  if (rows % blocks !== 0) throw new Error(`cannot split ${rows} rows into ${blocks} gate blocks`);
  const blockSize = (rows / blocks) * (t.data.length / rows);
  const data = new Float32Array(t.data.length);
  order.forEach((from, to) => data.set(t.data.subarray(from * blockSize, (from + 1) * blockSize), to * blockSize));
  return { shape: [...t.shape], data };
}

export function row(t: HostTensor, index: number): HostTensor {
  const rowSize = t.data.length / t.shape[0]!;
  return { shape: t.shape.slice(1), data: t.data.slice(index * rowSize, (index + 1) * rowSize) };
}

export function stackRows(rows: HostTensor[]): HostTensor {
  const data = new Float32Array(rows.reduce((n, r) => n + r.data.length, 0));
  let offset = 0;
  for (const r of rows) {
    data.set(r.data, offset);
    offset += r.data.length;
  }
  return { shape: [rows.length, ...rows[0]!.shape], data };
}

export function applySteps(t: HostTensor, steps: readonly LayoutStep[]): HostTensor {
  return steps.reduce((x, step) => {
    switch (step.op) {
      case 'transpose':
        return transpose(x, step.perm);
      case 'reshape':
        return reshape(x, step.shape);
      case 'reorder':
        return reorderBlocks(x, step.order);
      case 'row':
        return row(x, step.index);
    }
  }, t);
}

/**
 * The inverse of `applySteps` for steps without `row` (a row is only part of its source;
 * the caller stacks the rows back). `sourceShape` is the shape before the first step.
 */
export function invertSteps(t: HostTensor, steps: readonly LayoutStep[], sourceShape: readonly number[]): HostTensor {
  const shapes: number[][] = [[...sourceShape]];
  for (const step of steps) {
    const previous = shapes[shapes.length - 1]!;
    if (step.op === 'transpose') shapes.push(step.perm.map((p) => previous[p]!));
    else if (step.op === 'reshape') shapes.push([...step.shape]);
    else if (step.op === 'row') shapes.push(previous.slice(1));
    else shapes.push(previous);
  }
  let x = t;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.op === 'transpose') x = transpose(x, inversePermutation(step.perm));
    else if (step.op === 'reshape') x = reshape(x, shapes[i]!);
    else if (step.op === 'reorder') x = reorderBlocks(x, inversePermutation(step.order));
    else throw new Error('a row step is inverted by stacking the rows of its source');
  }
  return x;
}
