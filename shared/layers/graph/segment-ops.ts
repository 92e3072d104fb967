import * as tf from '@tensorflow/tfjs';

/**
 * The sparse primitives every graph layer is built from: gather rows along edges, and sum
 * or take the max of edge rows back into their target nodes. Time and memory grow with
 * the number of edges; nothing here ever makes an N×N matrix.
 *
 * Why not tf.gather / tf.unsortedSegmentSum alone: the gradient of gather is
 * UnsortedSegmentSum, and tfjs's cpu kernel for it loops once per segment over all rows
 * (O(nodes × edges)); wasm has no kernel at all, and nothing in tfjs takes a segment max.
 * These ops run their scatter as one linear pass and say their own gradients.
 */

function rowSize(shape: number[]): number {
  return shape.slice(1).reduce((a, b) => a * b, 1);
}

/** Sums the rows of `values` into `segments` rows by id; ids outside [0, segments) are dropped. */
function scatterAdd(values: Float32Array, ids: ArrayLike<number>, size: number, segments: number): Float32Array {
  const out = new Float32Array(segments * size);
  for (let i = 0; i < ids.length; i++) {
    const segment = ids[i]!;
    if (segment < 0 || segment >= segments) continue;
    const from = i * size;
    const to = segment * size;
    for (let j = 0; j < size; j++) out[to + j]! += values[from + j]!;
  }
  return out;
}

type UnaryGradient = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor;

/** tf.customGrad for one differentiable input, with the types tfjs's signature leaves loose. */
function unaryOp(forward: (input: tf.Tensor, save: tf.GradSaveFunc) => { value: tf.Tensor; gradFunc: UnaryGradient }): (x: tf.Tensor) => tf.Tensor {
  const op = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const { value, gradFunc } = forward(args[0] as tf.Tensor, args[1] as tf.GradSaveFunc);
    return { value, gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => gradFunc(dy as tf.Tensor, saved) };
  }) as Parameters<typeof tf.customGrad>[0]);
  return (x) => op(x) as tf.Tensor;
}

/**
 * Copies the rows `ids` of `values` — tf.gather's job, done in JS because tfjs-backend-wasm's
 * GatherV2 takes ~30× longer on [100k, 16] (measured by bench/gnn.ts's profile: 326 ms vs 10).
 */
function gatherInto(values: Float32Array, ids: ArrayLike<number>, size: number): Float32Array {
  const out = new Float32Array(ids.length * size);
  for (let i = 0; i < ids.length; i++) {
    const from = ids[i]! * size;
    const to = i * size;
    for (let j = 0; j < size; j++) out[to + j] = values[from + j]!;
  }
  return out;
}

function gatherTensor(x: tf.Tensor, ids: tf.Tensor1D): tf.Tensor {
  const size = rowSize(x.shape);
  return tf.tensor(gatherInto(x.dataSync() as Float32Array, ids.dataSync(), size), [ids.shape[0], ...x.shape.slice(1)], 'float32');
}

/** `x[ids]` along the first axis, differentiable in `x` (gradient: segmentSum back). */
export function gatherRows(x: tf.Tensor, ids: tf.Tensor1D): tf.Tensor {
  const rows = x.shape[0]!;
  const op = unaryOp((input, save) => {
    save([ids]);
    return {
      value: gatherTensor(input, ids),
      gradFunc: (dy, saved) => segmentSum(dy, saved[0] as tf.Tensor1D, rows),
    };
  });
  return op(x);
}

/** out[s] = Σ x[i] over the rows i with ids[i] = s; differentiable in `x` (gradient: gather). */
export function segmentSum(x: tf.Tensor, ids: tf.Tensor1D, segments: number): tf.Tensor {
  const op = unaryOp((input, save) => {
    save([ids]);
    const size = rowSize(input.shape);
    const summed = scatterAdd(input.dataSync() as Float32Array, ids.dataSync(), size, segments);
    return {
      value: tf.tensor(summed, [segments, ...input.shape.slice(1)], 'float32'),
      gradFunc: (dy, saved) => gatherTensor(dy, saved[0] as tf.Tensor1D),
    };
  });
  return op(x);
}

/**
 * out[s] = max of x[i] over the rows i with ids[i] = s, per column; 0 for a segment with no
 * rows (a node without incoming edges), as PyTorch Geometric does. The gradient goes to the
 * row that won each column.
 */
export function segmentMax(x: tf.Tensor, ids: tf.Tensor1D, segments: number): tf.Tensor {
  const op = unaryOp((input) => {
    const size = rowSize(input.shape);
    const rows = input.shape[0]!;
    const values = input.dataSync() as Float32Array;
    const segmentOf = ids.dataSync();
    const best = new Float32Array(segments * size).fill(-Infinity);
    const winner = new Int32Array(segments * size).fill(-1);
    for (let i = 0; i < rows; i++) {
      const segment = segmentOf[i]!;
      if (segment < 0 || segment >= segments) continue;
      for (let j = 0; j < size; j++) {
        const v = values[i * size + j]!;
        const k = segment * size + j;
        if (v > best[k]!) {
          best[k] = v;
          winner[k] = i;
        }
      }
    }
    for (let k = 0; k < best.length; k++) if (winner[k] === -1) best[k] = 0;
    return {
      value: tf.tensor(best, [segments, ...input.shape.slice(1)], 'float32'),
      gradFunc: (dy) => {
        const upstream = dy.dataSync();
        const grad = new Float32Array(rows * size);
        for (let k = 0; k < winner.length; k++) {
          const row = winner[k]!;
          if (row >= 0) grad[row * size + (k % size)]! += upstream[k]!;
        }
        return tf.tensor(grad, input.shape, 'float32');
      },
    };
  });
  return op(x);
}

/** How many rows each segment receives (a node's in-degree), as plain numbers. */
export function segmentCounts(ids: ArrayLike<number>, segments: number): Float32Array {
  const counts = new Float32Array(segments);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i]!;
    if (s >= 0 && s < segments) counts[s]! += 1;
  }
  return counts;
}

/**
 * softmax of edge scores [E, heads] over the edges that share a target node: each node's
 * incoming edges get weights that sum to 1 per head.
 */
export function segmentSoftmax(scores: tf.Tensor, targets: tf.Tensor1D, segments: number): tf.Tensor {
  // The shift is read as plain data: a constant to the tape, so it adds no gradient path.
  const shift = tf.tensor(segmentMax(scores, targets, segments).dataSync(), [segments, ...scores.shape.slice(1)]);
  const exp = tf.exp(tf.sub(scores, gatherTensor(shift, targets)));
  const denominator = segmentSum(exp, targets, segments);
  return tf.div(exp, gatherRows(denominator, targets));
}

/** Splits an edge index [E, 2] (source, target per row) into its two columns as int32 vectors. */
export function edgeEndpoints(
  edges: tf.Tensor,
  nodes: number,
  layer: string,
): { sources: tf.Tensor1D; targets: tf.Tensor1D; sourceIds: Int32Array; targetIds: Int32Array } {
  if (edges.rank !== 2 || edges.shape[1] !== 2)
    throw new Error(`${layer}: the edge index must have shape [edges, 2] (source, target) but has [${edges.shape.join(', ')}]`);
  const flat = edges.dataSync();
  const count = edges.shape[0]!;
  const sourceIds = new Int32Array(count);
  const targetIds = new Int32Array(count);
  for (let e = 0; e < count; e++) {
    const source = flat[2 * e]!;
    const target = flat[2 * e + 1]!;
    // A wrong id would silently read another node's row (or crash in a kernel); say which edge.
    if (!(source >= 0 && source < nodes && target >= 0 && target < nodes && Number.isInteger(source) && Number.isInteger(target)))
      throw new Error(`${layer}: edge ${e} goes ${source} → ${target}, but node ids run from 0 to ${nodes - 1}`);
    sourceIds[e] = source;
    targetIds[e] = target;
  }
  return { sources: tf.tensor1d(sourceIds, 'int32'), targets: tf.tensor1d(targetIds, 'int32'), sourceIds, targetIds };
}

/** Edge index with a loop i → i appended for every node. */
export function withSelfLoops(sourceIds: Int32Array, targetIds: Int32Array, nodes: number): { sourceIds: Int32Array; targetIds: Int32Array } {
  const sources = new Int32Array(sourceIds.length + nodes);
  const targets = new Int32Array(targetIds.length + nodes);
  sources.set(sourceIds);
  targets.set(targetIds);
  for (let i = 0; i < nodes; i++) {
    sources[sourceIds.length + i] = i;
    targets[targetIds.length + i] = i;
  }
  return { sourceIds: sources, targetIds: targets };
}
