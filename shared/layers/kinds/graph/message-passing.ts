import * as tf from '@tensorflow/tfjs';
import { AGGREGATIONS, MESSAGE_FUNCTIONS, messagePassingWidths } from '../../graph/graph-shapes';
import { biasInit, GraphLayer, kernelInit, type GraphLayerArgs } from '../../graph/graph-layer';
import { edgeEndpoints, gatherRows, segmentCounts, segmentMax, segmentSum, withSelfLoops } from '../../graph/segment-ops';


export interface MessagePassingArgs extends GraphLayerArgs {
  /** Features out of the update. */
  units: number;
  message?: (typeof MESSAGE_FUNCTIONS)[number];
  /** Features of a linear message; ignored for identity. */
  messageUnits?: number;
  aggregate?: (typeof AGGREGATIONS)[number];
  selfLoops?: boolean;
  useBias?: boolean;
}

/**
 * The general message-passing step, written out so each part can be chosen:
 *   message  m_{j→i} = [x_j ‖ e_{j→i}]            (identity)
 *                    = [x_j ‖ e_{j→i}] · W_m + b_m (linear)
 *   aggregate a_i    = sum / mean / max of m_{j→i} over the edges into i
 *   update   h_i     = act([x_i ‖ a_i] · W_u + b_u)
 * e is there only when edge features are connected. With self-loops every node also
 * sends itself a message (its loop's edge features are zeros).
 */
export class MessagePassing extends GraphLayer {
  static className = 'NndMessagePassing';
  readonly units: number;
  readonly message: (typeof MESSAGE_FUNCTIONS)[number];
  readonly messageUnits: number;
  readonly aggregate: (typeof AGGREGATIONS)[number];
  readonly selfLoops: boolean;
  readonly useBias: boolean;
  private messageKernel: tf.LayerVariable | null = null;
  private messageBias: tf.LayerVariable | null = null;
  private updateKernel: tf.LayerVariable | null = null;
  private updateBias: tf.LayerVariable | null = null;

  constructor(args: MessagePassingArgs) {
    super(args);
    this.units = args.units;
    this.message = args.message ?? 'linear';
    this.messageUnits = args.messageUnits ?? args.units;
    this.aggregate = args.aggregate ?? 'sum';
    this.selfLoops = args.selfLoops ?? false;
    this.useBias = args.useBias ?? true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [nodes, , edgeFeatures] = GraphLayer.shapeList(inputShape);
    const features = nodes![1]!;
    const { messageInput, messageWidth } = messagePassingWidths(features, edgeFeatures?.[1] ?? 0, this.message, this.messageUnits);
    if (this.message === 'linear') {
      this.messageKernel = this.addWeight('message_kernel', [messageInput, messageWidth], 'float32', kernelInit());
      if (this.useBias) this.messageBias = this.addWeight('message_bias', [messageWidth], 'float32', biasInit());
    }
    this.updateKernel = this.addWeight('update_kernel', [features + messageWidth, this.units], 'float32', kernelInit());
    if (this.useBias) this.updateBias = this.addWeight('update_bias', [this.units], 'float32', biasInit());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [nodes] = GraphLayer.shapeList(inputShape);
    return [nodes![0]!, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, edges, edgeFeatures] = GraphLayer.tensorList(inputs, 'MessagePassing', 2) as [tf.Tensor2D, tf.Tensor, tf.Tensor2D?];
      const n = x.shape[0];
      const original = edgeEndpoints(edges, n, this.name);
      const { sourceIds, targetIds } = this.selfLoops ? withSelfLoops(original.sourceIds, original.targetIds, n) : original;
      const sources = tf.tensor1d(sourceIds, 'int32');
      const targets = tf.tensor1d(targetIds, 'int32');

      let messages = gatherRows(x, sources);
      if (edgeFeatures) {
        const loopFeatures = this.selfLoops ? [tf.zeros([n, edgeFeatures.shape[1]])] : [];
        messages = tf.concat([messages, tf.concat([edgeFeatures, ...loopFeatures], 0)], 1);
      }
      if (this.messageKernel) {
        messages = tf.matMul(messages as tf.Tensor2D, this.messageKernel.read());
        if (this.messageBias) messages = tf.add(messages, this.messageBias.read());
      }
      let aggregated: tf.Tensor;
      if (this.aggregate === 'max') aggregated = segmentMax(messages, targets, n);
      else {
        aggregated = segmentSum(messages, targets, n);
        if (this.aggregate === 'mean') {
          const inverse = segmentCounts(targetIds, n).map((d) => (d > 0 ? 1 / d : 0));
          aggregated = tf.mul(aggregated, tf.tensor2d(inverse, [n, 1]));
        }
      }
      let out = tf.matMul(tf.concat([x, aggregated], 1), this.updateKernel!.read());
      if (this.updateBias) out = tf.add(out, this.updateBias.read());
      return this.activate(out);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      message: this.message,
      messageUnits: this.messageUnits,
      aggregate: this.aggregate,
      selfLoops: this.selfLoops,
      useBias: this.useBias,
    };
  }
}

