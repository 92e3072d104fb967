import * as tf from '@tensorflow/tfjs';
import { biasInit, GraphLayer, kernelInit, type GraphLayerArgs } from '../../graph/graph-layer';
import { edgeEndpoints, gatherRows, segmentSoftmax, segmentSum, withSelfLoops } from '../../graph/segment-ops';

export interface GATConvArgs extends GraphLayerArgs {
  /** Output features per head. */
  units: number;
  heads?: number;
  /** Heads side by side ([N, heads·units]) or averaged ([N, units]). */
  concatHeads?: boolean;
  negativeSlope?: number;
  selfLoops?: boolean;
  useBias?: boolean;
}

/**
 * Graph attention (Veličković et al., as PyTorch Geometric's GATConv): per head, z = x·W,
 * the score of edge j → i is leakyReLU(a_src·z_j + a_dst·z_i), softmax over the edges into
 * i, and node i takes the score-weighted sum of its neighbours' z. Scores live on edges,
 * so memory grows with the edge count.
 */
export class GATConv extends GraphLayer {
  static className = 'NndGATConv';
  readonly units: number;
  readonly heads: number;
  readonly concatHeads: boolean;
  readonly negativeSlope: number;
  readonly selfLoops: boolean;
  readonly useBias: boolean;
  private kernel: tf.LayerVariable | null = null;
  private attentionSource: tf.LayerVariable | null = null;
  private attentionTarget: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: GATConvArgs) {
    super(args);
    this.units = args.units;
    this.heads = args.heads ?? 1;
    this.concatHeads = args.concatHeads ?? true;
    this.negativeSlope = args.negativeSlope ?? 0.2;
    this.selfLoops = args.selfLoops ?? true;
    this.useBias = args.useBias ?? true;
  }

  private get outputWidth(): number {
    return this.concatHeads ? this.heads * this.units : this.units;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [nodes] = GraphLayer.shapeList(inputShape);
    this.kernel = this.addWeight('kernel', [nodes![1]!, this.heads * this.units], 'float32', kernelInit());
    this.attentionSource = this.addWeight('attention_source', [this.heads, this.units], 'float32', kernelInit());
    this.attentionTarget = this.addWeight('attention_target', [this.heads, this.units], 'float32', kernelInit());
    if (this.useBias) this.bias = this.addWeight('bias', [this.outputWidth], 'float32', biasInit());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [nodes] = GraphLayer.shapeList(inputShape);
    return [nodes![0]!, this.outputWidth];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, edges] = GraphLayer.tensorList(inputs, 'GATConv', 2) as [tf.Tensor2D, tf.Tensor];
      const n = x.shape[0];
      let { sourceIds, targetIds } = edgeEndpoints(edges, n, this.name);
      if (this.selfLoops) ({ sourceIds, targetIds } = withSelfLoops(sourceIds, targetIds, n));
      const sources = tf.tensor1d(sourceIds, 'int32');
      const targets = tf.tensor1d(targetIds, 'int32');

      const z = tf.reshape(tf.matMul(x, this.kernel!.read()), [n, this.heads, this.units]);
      const sourceScore = tf.sum(tf.mul(z, this.attentionSource!.read()), -1); // [N, heads]
      const targetScore = tf.sum(tf.mul(z, this.attentionTarget!.read()), -1);
      const scores = tf.leakyRelu(tf.add(gatherRows(sourceScore, sources), gatherRows(targetScore, targets)), this.negativeSlope);
      const weights = segmentSoftmax(scores, targets, n); // [E, heads]
      const messages = tf.mul(gatherRows(z, sources), tf.expandDims(weights, -1)); // [E, heads, units]
      const aggregated = segmentSum(messages, targets, n); // [N, heads, units]
      let out = this.concatHeads ? tf.reshape(aggregated, [n, this.heads * this.units]) : tf.mean(aggregated, 1);
      if (this.bias) out = tf.add(out, this.bias.read());
      return this.activate(out);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      heads: this.heads,
      concatHeads: this.concatHeads,
      negativeSlope: this.negativeSlope,
      selfLoops: this.selfLoops,
      useBias: this.useBias,
    };
  }
}

