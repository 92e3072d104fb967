import * as tf from '@tensorflow/tfjs';
import { biasInit, GraphLayer, kernelInit, type GraphLayerArgs } from '../../graph/graph-layer';
import { edgeEndpoints, gatherRows, segmentCounts, segmentSum } from '../../graph/segment-ops';

export interface SAGEConvArgs extends GraphLayerArgs {
  units: number;
  useBias?: boolean;
}

/**
 * GraphSAGE with the mean aggregator: h_i = [x_i ‖ mean_{j → i} x_j] · W + b. The node's
 * own features sit beside its neighbours' mean rather than being averaged in, so a node
 * keeps what makes it different. A node without incoming edges aggregates zeros. The
 * kernel's first F rows act on the node itself, the last F on the mean (PyTorch
 * Geometric's lin_r and lin_l, stacked).
 */
export class SAGEConv extends GraphLayer {
  static className = 'NndSAGEConv';
  readonly units: number;
  readonly useBias: boolean;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: SAGEConvArgs) {
    super(args);
    this.units = args.units;
    this.useBias = args.useBias ?? true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [nodes] = GraphLayer.shapeList(inputShape);
    this.kernel = this.addWeight('kernel', [2 * nodes![1]!, this.units], 'float32', kernelInit());
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], 'float32', biasInit());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [nodes] = GraphLayer.shapeList(inputShape);
    return [nodes![0]!, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, edges] = GraphLayer.tensorList(inputs, 'SAGEConv', 2) as [tf.Tensor2D, tf.Tensor];
      const n = x.shape[0];
      const { sources, targets, targetIds } = edgeEndpoints(edges, n, this.name);
      const inverseDegree = segmentCounts(targetIds, n).map((d) => (d > 0 ? 1 / d : 0));
      const mean = tf.mul(segmentSum(gatherRows(x, sources), targets, n), tf.tensor2d(inverseDegree, [n, 1]));
      let out = tf.matMul(tf.concat([x, mean], 1), this.kernel!.read());
      if (this.bias) out = tf.add(out, this.bias.read());
      return this.activate(out);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, useBias: this.useBias };
  }
}

