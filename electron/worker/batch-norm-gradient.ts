import * as tf from '@tensorflow/tfjs';
import { fastPathSwitches } from './fast-path-switches';

/**
 * tfjs's FusedBatchNorm gradient tiles 1/√(variance + ε) out to the input's whole shape
 * (N·H·W·C values) before multiplying it into the input's gradient, and tfjs-backend-wasm
 * tiles element by element: a quarter of a DCGAN generator's step went to that copy. Here the
 * same [1, 1, 1, C] values broadcast instead: the same products, value for value, no copy. The
 * other gradients (mean, variance, scale, offset) are tfjs's own. A gradient, not a kernel: it
 * serves whichever backend trains, like the rest of the fast path registered by the worker.
 */
let stock: tf.GradConfig | undefined;
let broadcast: tf.GradConfig | undefined;

function broadcastingGradient(tfjs: tf.GradConfig): tf.GradConfig {
  return {
    ...tfjs,
    gradFunc: (dy, saved, attrs) => {
      const gradients = tfjs.gradFunc(dy as tf.Tensor, saved, attrs);
      const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      // Only the per-channel case tiles; tfjs.batchNorm hands the kernel a 4-D x, channels last.
      if (mean.rank !== 1 || x.rank !== 4) return gradients;
      const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
      return {
        ...gradients,
        x: () => {
          const inverseDeviation = tf.reshape(tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon))), [1, 1, 1, mean.shape[0]!]);
          return tf.reshape(tf.mul(tf.mul(dy as tf.Tensor, inverseDeviation), scale ?? tf.scalar(1)), x.shape);
        },
      };
    },
  };
}

/** Registers the broadcasting gradient while its switch is on, tfjs's own while it is off. */
export function applyBatchNormGradientSwitch(): void {
  stock ??= tf.getGradient(tf.FusedBatchNorm);
  if (!stock) return;
  broadcast ??= broadcastingGradient(stock);
  const wanted = fastPathSwitches.broadcastBatchNormGradient ? broadcast : stock;
  if (tf.getGradient(tf.FusedBatchNorm) !== wanted) tf.registerGradient(wanted);
}
