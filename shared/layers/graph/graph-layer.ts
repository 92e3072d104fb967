import * as tf from '@tensorflow/tfjs';
import { ACTIVATIONS, type ActivationName } from '../params';
import { fail, formatShape } from '../shape-utils';
import type { InferResult, Shape } from '../types';

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

/** Node features must be [nodes, features] with known features. */
export function checkNodeFeatures(shape: Shape | undefined, layer: string, port = 'nodes'): InferResult | null {
  if (!shape) return fail(`${layer} needs node features [nodes, features] — connect a graph's node-features Input`, port);
  if (shape.length !== 2 || shape[1] === null)
    return fail(`${layer} expects node features [nodes, features] on "${port}" but gets ${formatShape(shape)}`, port);
  return null;
}

/** An edge index must be [edges, 2]: one (source, target) pair per row. */
export function checkEdgeIndex(shape: Shape | undefined, layer: string, port = 'edges'): InferResult | null {
  if (!shape) return fail(`${layer} needs an edge index [edges, 2] — connect a graph's edge-index Input (int32, shape [2])`, port);
  if (shape.length !== 2 || shape[1] !== 2)
    return fail(
      `${layer} expects an edge index [edges, 2] (source, target per row) on "${port}" but gets ${formatShape(shape)} — set the edge Input's shape to [2]`,
      port,
    );
  return null;
}

/** Glorot-uniform kernels and zero biases, as Keras and PyTorch Geometric start. */
export const kernelInit = () => tf.initializers.glorotUniform({});
export const biasInit = () => tf.initializers.zeros();
