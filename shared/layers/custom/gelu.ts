import * as tf from '@tensorflow/tfjs';

/**
 * Name of the kernel that computes GELU and its derivative in one pass: [y, dy/dx] for x.
 * The worker registers it for wasm (electron/worker/wasm-kernels/gelu.ts); where the
 * backend has none (or a benchmark took it away), GELU is tfjs's own formula.
 */
export const GELU_KERNEL = 'NNDesignerGelu';

/** tfjs-layers' Gelu activation exactly: x · ½(1 + erf(x/√2)). */
function stockGelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2))))));
}

/**
 * GELU as one kernel with its derivative kept for the backward pass (one multiply). tfjs's
 * formula costs five kernels forward and about ten backward over [batch·steps, ffDim] —
 * an Erf and an Exp among them, the two slowest elementwise kernels on wasm.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  if (x.dtype !== 'float32' || !tf.getKernel(GELU_KERNEL, tf.getBackend())) return stockGelu(x);
  const op = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, derivative] = tf.engine().runKernel(GELU_KERNEL, { x: input }) as unknown as tf.Tensor[];
    save([derivative!]);
    return { value: y!, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]!) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (op as unknown as (input: tf.Tensor) => tf.Tensor)(x);
}

/**
 * Stands in for tfjs-layers' activation 'gelu' once registered (custom/register.ts), so
 * `activation: 'gelu'` (the Transformer feed-forward) takes the fused op; it serializes as
 * 'gelu', as tfjs's own does.
 */
export class FusedGelu extends tf.serialization.Serializable {
  static className = 'NndFusedGelu';
  static readonly tfjsClassName = 'gelu';

  override getClassName(): string {
    return FusedGelu.tfjsClassName;
  }

  apply(x: tf.Tensor): tf.Tensor {
    return gelu(x);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {};
  }
}
