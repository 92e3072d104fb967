import * as tf from '@tensorflow/tfjs';
import { shapeErrorMessage } from '../../shape-errors';
import { tfjsBuilder } from '../../tfjs-types';
import { resolveInner } from '../../wrapped-layer';
import { bidirectionalSpec } from './spec';

/** The wrapped recurrent layer comes from its own kind's builder; tfjs makes the backward copy. */
const bidirectionalBuilder = tfjsBuilder(bidirectionalSpec, (p, name, inputs, ctx) => {
  const inner = resolveInner('Bidirectional', ctx.kind(p.layer.type)!, p.layer.params);
  if (!inner.ok) throw new Error(shapeErrorMessage(inner.error));
  const rnn = ctx.builder(p.layer.type)!.build(inner.params, p.layer.name ?? `${name}_${p.layer.type.toLowerCase()}`, inputs, ctx);
  return tf.layers.bidirectional({ name, layer: rnn as tf.RNN, mergeMode: p.mergeMode });
});

export const tfjsBuilders = [bidirectionalBuilder];
