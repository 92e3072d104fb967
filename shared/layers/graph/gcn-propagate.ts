import * as tf from '@tensorflow/tfjs';

/**
 * The GCN's neighbourhood average Â · h, with Â = D^-1/2 (A + I) D^-1/2 given as one weight per
 * edge and one per node (its self-loop):
 *   out[t] = Σ over edges s → t of w_e · h[s]  +  w_t · h[t]
 * Its gradient is the same sum run backwards, Âᵀ · dy: dh[s] = Σ over edges s → t of w_e · dy[t] + w_s · dy[s].
 *
 * One pass over the edges each way. Built from segment ops, the same step took a gather into an
 * [edges, units] tensor, a multiply, a segment sum, a second multiply and an add — and their
 * gradients — each op a copy out of and back into the backend's memory (bench:engine's Cora-size
 * GCN spent more time there than in its 10k-edge arithmetic).
 */
export function gcnPropagate(h: tf.Tensor2D, sources: Int32Array, targets: Int32Array, edgeWeights: Float32Array, selfWeights: Float32Array | null): tf.Tensor2D {
  const [rows, size] = h.shape;
  const op = tf.customGrad(((input: tf.Tensor2D) => ({
    value: tf.tensor2d(spread(input.dataSync() as Float32Array, sources, targets, edgeWeights, selfWeights, rows, size), [rows, size]),
    gradFunc: (dy: tf.Tensor2D) => tf.tensor2d(spread(dy.dataSync() as Float32Array, targets, sources, edgeWeights, selfWeights, rows, size), [rows, size]),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(h) as tf.Tensor2D;
}

/** out[to[e]] += w[e] · values[from[e]] for every edge, then out[i] += self[i] · values[i]. */
function spread(
  values: Float32Array,
  from: Int32Array,
  to: Int32Array,
  weights: Float32Array,
  selfWeights: Float32Array | null,
  rows: number,
  size: number,
): Float32Array {
  const out = new Float32Array(rows * size);
  for (let e = 0; e < from.length; e++) {
    const w = weights[e]!;
    let source = from[e]! * size;
    let target = to[e]! * size;
    const end = target + size;
    while (target < end) out[target++]! += w * values[source++]!;
  }
  if (selfWeights)
    for (let i = 0, k = 0; i < rows; i++) {
      const w = selfWeights[i]!;
      for (let j = 0; j < size; j++, k++) out[k]! += w * values[k]!;
    }
  return out;
}
