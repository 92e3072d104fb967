import * as tf from '@tensorflow/tfjs';
import { shapeErrorMessage } from '../../shape-errors';
import { tfjsBuilder } from '../../tfjs-types';
import { resolveInner } from '../../wrapped-layer';
import { timeDistributedSpec, wrappableKind } from './spec';

const timeDistributedBuilder = tfjsBuilder(timeDistributedSpec, (p, name, inputs, ctx) => {
  const kind = wrappableKind(p.layer.type, ctx);
  if (!('inferShape' in kind)) throw new Error(shapeErrorMessage(kind));
  const inner = resolveInner('TimeDistributed', kind, p.layer.params);
  if (!inner.ok) throw new Error(shapeErrorMessage(inner.error));
  const x = inputs[0]!;
  const layer = ctx.builder(kind.type)!.build(inner.params, `${name}_${p.layer.type.toLowerCase()}`, [[x[0]!, ...x.slice(2)]], ctx);
  return tf.layers.timeDistributed({ name, layer });
});

export const tfjsBuilders = [timeDistributedBuilder];
