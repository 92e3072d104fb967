import * as tf from '@tensorflow/tfjs';
import { fusedResetAfterGruCall } from './fast-recurrent';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type ActivationName = NonNullable<Parameters<typeof tf.layers.activation>[0]['activation']>;
type Kwargs = Parameters<tf.layers.Layer['call']>[1];

export interface ResetAfterGRUArgs extends LayerArgs {
  units: number;
  activation?: ActivationName;
  recurrentActivation?: ActivationName;
  useBias?: boolean;
  dropout?: number;
  recurrentDropout?: number;
  returnSequences?: boolean;
  returnState?: boolean;
  goBackwards?: boolean;
}

/**
 * One step of Keras's GRU with `reset_after=True`, the default since TensorFlow 2 (and the
 * CuDNN GRU): the reset gate scales the recurrent matrix product instead of the previous
 * state, and the input and the recurrent products each have their own bias. tfjs only has
 * the `reset_after=False` variant, so Keras GRUs import through this cell. Weights are
 * stored as Keras stores them: `kernel` [features, 3·units], `recurrent_kernel`
 * [units, 3·units], `bias` [2, 3·units] (input bias, recurrent bias), gates in z, r, h order.
 */
export class ResetAfterGRUCell extends tf.layers.Layer {
  static className = 'NndResetAfterGRUCell';

  readonly units: number;
  readonly stateSize: number;
  readonly useBias: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  private readonly activationName: ActivationName;
  private readonly recurrentActivationName: ActivationName;
  private readonly activation: { apply(x: tf.Tensor): tf.Tensor };
  private readonly recurrentActivation: { apply(x: tf.Tensor): tf.Tensor };
  /** Keras draws one dropout mask per sequence, not per step; the layer clears these per call. */
  dropoutMask: tf.Tensor | null = null;
  recurrentDropoutMask: tf.Tensor | null = null;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: ResetAfterGRUArgs) {
    super(args);
    this.units = args.units;
    this.stateSize = args.units;
    this.useBias = args.useBias ?? true;
    this.dropout = Math.min(1, Math.max(0, args.dropout ?? 0));
    this.recurrentDropout = Math.min(1, Math.max(0, args.recurrentDropout ?? 0));
    this.activationName = args.activation ?? 'tanh';
    this.recurrentActivationName = args.recurrentActivation ?? 'sigmoid';
    // tfjs's Activation layer resolves an identifier to exactly the function its built-in layers use.
    this.activation = tf.layers.activation({ activation: this.activationName }).activation;
    this.recurrentActivation = tf.layers.activation({ activation: this.recurrentActivationName }).activation;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1]!;
    this.kernel = this.addWeight('kernel', [features, 3 * this.units], 'float32', tf.initializers.glorotUniform({}));
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, 3 * this.units], 'float32', tf.initializers.orthogonal({}));
    if (this.useBias) this.bias = this.addWeight('bias', [2, 3 * this.units], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  private mask(like: tf.Tensor, rate: number, training: boolean): tf.Tensor {
    const ones = tf.onesLike(like);
    return tf.keep(training ? tf.dropout(ones, rate) : ones);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor[] {
    return tf.tidy(() => {
      const [stepInput, previous] = inputs as tf.Tensor[];
      let x = stepInput!;
      let h = previous!;
      const training = Boolean(kwargs?.training);
      if (this.dropout > 0 && this.dropout < 1) {
        this.dropoutMask ??= this.mask(x, this.dropout, training);
        x = tf.mul(x, this.dropoutMask);
      }
      if (this.recurrentDropout > 0 && this.recurrentDropout < 1) {
        this.recurrentDropoutMask ??= this.mask(h, this.recurrentDropout, training);
        h = tf.mul(h, this.recurrentDropoutMask);
      }
      let fromInput = tf.matMul(x, this.kernel!.read());
      let fromState = tf.matMul(h, this.recurrentKernel!.read());
      if (this.bias) {
        const [inputBias, recurrentBias] = tf.unstack(this.bias.read());
        fromInput = tf.add(fromInput, inputBias!);
        fromState = tf.add(fromState, recurrentBias!);
      }
      const [xz, xr, xh] = tf.split(fromInput, 3, -1);
      const [hz, hr, hh] = tf.split(fromState, 3, -1);
      const update = this.recurrentActivation.apply(tf.add(xz!, hz!));
      const reset = this.recurrentActivation.apply(tf.add(xr!, hr!));
      const candidate = this.activation.apply(tf.add(xh!, tf.mul(reset, hh!)));
      const next = tf.add(tf.mul(update, previous!), tf.mul(tf.sub(1, update), candidate));
      return [next, next];
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activationName,
      recurrentActivation: this.recurrentActivationName,
      useBias: this.useBias,
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      resetAfter: true,
    };
  }
}

/** The recurrent layer around ResetAfterGRUCell: Keras's `GRU(..., reset_after=True)`. */
export class ResetAfterGRU extends tf.RNN {
  static override className = 'NndResetAfterGRU';

  constructor(args: ResetAfterGRUArgs) {
    // RNN's args type wants tfjs's abstract RNNCell, which is not exported; the cell has its shape.
    super({ ...args, cell: new ResetAfterGRUCell(args) as unknown as ConstructorParameters<typeof tf.RNN>[0]['cell'] });
  }

  /** Whether the last call ran the fused whole-sequence op (fused-recurrence.ts) rather than the step loop. */
  lastCallWasFused = false;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const fused = fusedResetAfterGruCall(this, inputs, kwargs);
    this.lastCallWasFused = fused !== null;
    if (fused) return fused;
    return this.callStepByStep(inputs, kwargs);
  }

  /** tfjs's RNN loop over the cell, one step at a time: the reference the fused op is tested against. */
  callStepByStep(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const cell = this.cell as unknown as ResetAfterGRUCell;
      for (const key of ['dropoutMask', 'recurrentDropoutMask'] as const) {
        cell[key]?.dispose();
        cell[key] = null;
      }
      const { mask, training, initialState } = kwargs ?? {};
      return super.call(inputs, { mask, training, initialState });
    });
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config);
  }
}
