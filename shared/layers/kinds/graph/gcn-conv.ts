import * as tf from '@tensorflow/tfjs';
import { biasInit, GraphLayer, kernelInit, type GraphLayerArgs } from '../../graph/graph-layer';
import { inputTimesKernel, TransposedInputCache } from '../../graph/input-matmul';
import { gcnPropagate } from '../../graph/gcn-propagate';
import { edgeEndpoints, segmentCounts } from '../../graph/segment-ops';

export interface GCNConvArgs extends GraphLayerArgs {
  units: number;
  useBias?: boolean;
  selfLoops?: boolean;
}

/**
 * Kipf & Welling's graph convolution: H = D^-1/2 (A + I) D^-1/2 · X · W + b, with
 * A[target, source] = number of edges source → target and D the row sums of A + I (each
 * node's in-degree plus its self-loop). Computed along the edges, never as a matrix.
 */
export class GCNConv extends GraphLayer {
  static className = 'NndGCNConv';
  readonly units: number;
  readonly useBias: boolean;
  readonly selfLoops: boolean;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private readonly transposedInput = new TransposedInputCache();

  constructor(args: GCNConvArgs) {
    super(args);
    this.units = args.units;
    this.useBias = args.useBias ?? true;
    this.selfLoops = args.selfLoops ?? true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [nodes] = GraphLayer.shapeList(inputShape);
    this.kernel = this.addWeight('kernel', [nodes![1]!, this.units], 'float32', kernelInit());
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], 'float32', biasInit());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [nodes] = GraphLayer.shapeList(inputShape);
    return [nodes![0]!, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, edges] = GraphLayer.tensorList(inputs, 'GCNConv', 2) as [tf.Tensor2D, tf.Tensor];
      const n = x.shape[0];
      const { sourceIds, targetIds } = edgeEndpoints(edges, n, this.name);
      const degree = segmentCounts(targetIds, n);
      const loop = this.selfLoops ? 1 : 0;
      const inverseSqrt = degree.map((d) => (d + loop > 0 ? 1 / Math.sqrt(d + loop) : 0));
      const edgeWeight = new Float32Array(sourceIds.length);
      for (let e = 0; e < edgeWeight.length; e++) edgeWeight[e] = inverseSqrt[sourceIds[e]!]! * inverseSqrt[targetIds[e]!]!;

      // Transform first: the edges then carry `units` values rather than F.
      const transformed = inputTimesKernel(x, this.kernel!.read() as tf.Tensor2D, this.transposedInput);
      // The self-loop's weight is 1/√d_i · 1/√d_i, added without building n extra edges.
      const selfWeight = this.selfLoops ? inverseSqrt.map((v) => v * v) : null;
      let out: tf.Tensor = gcnPropagate(transformed, sourceIds, targetIds, edgeWeight, selfWeight);
      if (this.bias) out = tf.add(out, this.bias.read());
      return this.activate(out);
    });
  }

  override dispose(): ReturnType<tf.layers.Layer["dispose"]> {
    this.transposedInput.dispose();
    return super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, useBias: this.useBias, selfLoops: this.selfLoops };
  }
}

