import * as tf from '@tensorflow/tfjs';

/**
 * x · W for a layer whose x is the same constant tensor step after step — the node features
 * of a full-batch graph, which take no gradient — with W's gradient xᵀ · dy read from a
 * transposed copy of x made once, not per step.
 *
 * Why: tfjs's MatMul gradient asks for xᵀ · dy as "x transposed", and tfjs-backend-wasm
 * (through electron/worker/wasm-kernels/batch-matmul.ts) transposes x for real each time: for
 * Cora's 2,708 × 1,433 features that copy cost more than the multiplication itself and about a
 * third of a GCN training epoch (bench:engine, tf.profile). PyTorch multiplies the same dense
 * matrices, so this stays like for like.
 *
 * x counts as constant when a gradient tape is recording and x is neither a variable nor the
 * output of an op on that tape; otherwise (inference, or x computed from weights) this is
 * plain tf.matMul.
 */
export class TransposedInputCache {
  private source: tf.Tensor | null = null;
  private transposed: tf.Tensor2D | null = null;

  /** xᵀ, made on first use and kept until x changes, is disposed, or the cache is disposed. */
  transposeOf(x: tf.Tensor2D): tf.Tensor2D {
    if (this.source !== x || this.source.isDisposed || !this.transposed) {
      this.dispose();
      this.source = x;
      this.transposed = tf.keep(tf.transpose(x));
    }
    return this.transposed;
  }

  dispose(): void {
    this.transposed?.dispose();
    this.transposed = null;
    this.source = null;
  }
}

interface TapeState {
  gradientDepth: number;
  activeTape: { outputs: tf.Tensor[] }[] | null;
}

/** Whether a gradient is being recorded and `x` is a leaf of it that no variable reaches. */
export function isConstantUnderTape(x: tf.Tensor): boolean {
  const state = (tf.engine() as unknown as { state: TapeState }).state;
  if (state.gradientDepth === 0 || !state.activeTape) return false;
  if (x instanceof tf.Variable) return false;
  for (const node of state.activeTape) for (const output of node.outputs) if (output?.id === x.id) return false;
  return true;
}

/** x · kernel; when x is constant under the tape, the kernel's gradient comes from the cached xᵀ. */
export function inputTimesKernel(x: tf.Tensor2D, kernel: tf.Tensor2D, cache: TransposedInputCache): tf.Tensor2D {
  if (!isConstantUnderTape(x)) return tf.matMul(x, kernel);
  const transposed = cache.transposeOf(x);
  const op = tf.customGrad(((w: tf.Tensor2D) => ({
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor2D) => tf.matMul(transposed, dy),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(kernel) as tf.Tensor2D;
}
