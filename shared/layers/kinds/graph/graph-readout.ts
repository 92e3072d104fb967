import * as tf from '@tensorflow/tfjs';
import { READOUTS } from '../../graph/graph-shapes';
import { segmentCounts, segmentMax, segmentSum } from '../../graph/segment-ops';


type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
export interface GraphReadoutArgs extends LayerArgs {
  mode?: (typeof READOUTS)[number];
}

/**
 * Pools node features into one row per graph: [nodes, F] plus each node's graph id
 * ([nodes, 1], int32, ids 0 … G−1) → [G, F]. Without graph ids the whole input is one
 * graph. Graph classification puts this between the message-passing layers and the
 * classifier.
 */
export class GraphReadout extends tf.layers.Layer {
  static className = 'NndGraphReadout';
  readonly mode: (typeof READOUTS)[number];

  constructor(args: GraphReadoutArgs = {}) {
    super(args);
    this.mode = args.mode ?? 'mean';
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as tf.Shape[];
    return [null, shapes[0]![1]!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, graphIds] = (Array.isArray(inputs) ? inputs : [inputs]) as [tf.Tensor2D, tf.Tensor?];
      const n = x.shape[0];
      const ids = graphIds ? Int32Array.from(graphIds.dataSync()) : new Int32Array(n);
      if (ids.length !== n) throw new Error(`${this.name}: ${n} nodes but ${ids.length} graph ids — give one graph id per node`);
      let graphs = 0;
      for (const id of ids) {
        if (!(id >= 0)) throw new Error(`${this.name}: graph id ${id} is negative — ids run from 0`);
        graphs = Math.max(graphs, id + 1);
      }
      const segments = tf.tensor1d(ids, 'int32');
      if (this.mode === 'max') return segmentMax(x, segments, graphs);
      const summed = segmentSum(x, segments, graphs);
      if (this.mode === 'sum') return summed;
      const inverse = segmentCounts(ids, graphs).map((c) => (c > 0 ? 1 / c : 0));
      return tf.mul(summed, tf.tensor2d(inverse, [graphs, 1]));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}


