import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/**
 * Kernels that normalize over the last axis in one pass each way; the worker registers them
 * for wasm (electron/worker/wasm-kernels/layer-norm.ts). Where the backend has none (or a
 * benchmark took them away), the layer runs broadcasting ops.
 * Forward: x [rows, n], gamma [n], beta [n] (attr epsilon) → y, x̂ = (x − mean)·rstd, rstd [rows].
 * Backward: dy, x̂, rstd, gamma → dx, dgamma, dbeta.
 */
export const LAYER_NORM_KERNEL = 'NNDesignerLayerNorm';
export const LAYER_NORM_GRAD_KERNEL = 'NNDesignerLayerNormGrad';

function canFuse(x: tf.Tensor, axis: number): boolean {
  const backend = tf.getBackend();
  return axis === x.rank - 1 && x.dtype === 'float32' && !!tf.getKernel(LAYER_NORM_KERNEL, backend) && !!tf.getKernel(LAYER_NORM_GRAD_KERNEL, backend);
}

/**
 * Layer normalization over the last axis as one op with a hand-written gradient: one kernel
 * forward, one backward (the broadcasting version is ~10 kernels forward and ~25 on the tape).
 */
function fusedLayerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const n = x.shape[x.rank - 1]!;
  const op = tf.customGrad(((input: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, save: tf.GradSaveFunc) => {
    const rows = tf.reshape(input, [-1, n]);
    const [y, normalized, rstd] = tf.engine().runKernel(LAYER_NORM_KERNEL, { x: rows, gamma: scale, beta: offset }, { epsilon }) as unknown as tf.Tensor[];
    save([normalized!, rstd!, scale]);
    return {
      value: tf.reshape(y!, input.shape),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [dx, dgamma, dbeta] = tf.engine().runKernel(LAYER_NORM_GRAD_KERNEL, { dy: tf.reshape(dy, [-1, n]), normalized: saved[0]!, rstd: saved[1]!, gamma: saved[2]! }) as unknown as tf.Tensor[];
        return [tf.reshape(dx!, input.shape), dgamma!, dbeta!];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (op as unknown as (...inputs: tf.Tensor[]) => tf.Tensor)(x, gamma, beta);
}

export interface FastLayerNormalizationArgs extends LayerArgs {
  /** The one axis normalized over (Keras's default: the last). */
  axis?: number;
  epsilon?: number;
  center?: boolean;
  scale?: boolean;
}

/**
 * Keras's LayerNormalization written with plain broadcasting ops. tfjs's own layer tiles
 * the moments and the scale/offset to the input's full shape and runs them through
 * batchNorm, which on the wasm backend becomes thousands of tiny kernels per step; this
 * computes the same function with a handful. Its weights are named `gamma` and `beta`, as
 * Keras names them, so weights of a Keras or tfjs LayerNormalization load into it unchanged.
 */
export class FastLayerNormalization extends tf.layers.Layer {
  static className = 'NndLayerNormalization';

  readonly axis: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: FastLayerNormalizationArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    this.supportsMasking = true;
  }

  private resolvedAxis(rank: number): number {
    const axis = this.axis < 0 ? rank + this.axis : this.axis;
    if (axis < 1 || axis >= rank)
      throw new Error(`${this.name}: axis ${this.axis} does not name a feature axis of a ${rank}-D input`);
    return axis;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const size = shape[this.resolvedAxis(shape.length)];
    if (size === null || size === undefined)
      throw new Error(`${this.name}: the normalized axis must have a known size, but the input is ${JSON.stringify(shape)}`);
    if (this.scale) this.gamma = this.addWeight('gamma', [size], 'float32', tf.initializers.ones());
    if (this.center) this.beta = this.addWeight('beta', [size], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const axis = this.resolvedAxis(x.rank);
      if (canFuse(x, axis)) {
        const size = x.shape[axis]!;
        return fusedLayerNorm(x, this.gamma ? this.gamma.read() : tf.ones([size]), this.beta ? this.beta.read() : tf.zeros([size]), this.epsilon);
      }
      const { mean, variance } = tf.moments(x, axis, true);
      let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      const broadcastShape = x.shape.map((d, i) => (i === axis ? d : 1));
      if (this.gamma) y = tf.mul(y, tf.reshape(this.gamma.read(), broadcastShape));
      if (this.beta) y = tf.add(y, tf.reshape(this.beta.read(), broadcastShape));
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis, epsilon: this.epsilon, center: this.center, scale: this.scale };
  }
}
