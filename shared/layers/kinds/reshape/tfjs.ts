import * as tf from '@tensorflow/tfjs';
import { tfjsBuilder } from '../../tfjs-types';
import { reshapeSpec, resolveTarget } from './spec';

// tfjs leaves a -1 unresolved (null) whenever the batch size is free, which is always the
// case while building a model; giving it the worked-out size keeps later layers buildable.
const reshapeBuilder = tfjsBuilder(reshapeSpec, (p, name, inputs) => {
  const resolved = inputs[0] ? resolveTarget(inputs[0], p.targetShape) : undefined;
  const targetShape =
    resolved && 'shape' in resolved && resolved.shape.every((d) => d !== null) ? (resolved.shape as number[]) : [...p.targetShape];
  return tf.layers.reshape({ name, targetShape });
});

export const tfjsBuilders = [reshapeBuilder];
