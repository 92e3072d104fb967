import * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS, type ActivationName } from '../params';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
export interface GraphLayerArgs extends LayerArgs {
  activation?: ActivationName;
}

/**
 * What every message-passing layer shares: it is called on [node features [N, F], edge
 * index [E, 2], …], where N and E are free (the "batch" axis of each input), and applies
 * its activation by name so the config stays plain.
 */
export abstract class GraphLayer extends tf.layers.Layer {
  readonly activation: ActivationName;
  private readonly activationLayer: tf.layers.Layer;

  constructor(args: GraphLayerArgs) {
    super(args);
    this.activation = args.activation ?? 'linear';
    if (!ACTIVATIONS.includes(this.activation)) throw new Error(`${this.name}: unknown activation "${this.activation}"`);
    this.activationLayer = tf.layers.activation({ activation: this.activation });
  }

  protected activate(x: tf.Tensor): tf.Tensor {
    return this.activation === 'linear' ? x : (this.activationLayer.apply(x) as tf.Tensor);
  }

  protected static shapeList(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    return (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as tf.Shape[];
  }

  protected static tensorList(inputs: tf.Tensor | tf.Tensor[], layer: string, minimum: number): tf.Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length < minimum) throw new Error(`${layer} is called on [node features, edge index${minimum > 2 ? ', …' : ''}]`);
    return list;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation };
  }
}

/** Glorot-uniform kernels and zero biases, as Keras and PyTorch Geometric start. */
export const kernelInit = () => tf.initializers.glorotUniform({});
export const biasInit = () => tf.initializers.zeros();
