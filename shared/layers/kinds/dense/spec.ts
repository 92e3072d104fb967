import { z } from 'zod';
import { activation, activationFromKeras, initializer, positiveInt } from '../../params';
import { shapeHint } from '../../shape-errors';
import { expectRank, fail, formatShape, isInferFailure, ok, singleInput } from '../../shape-utils';
import { defineSpec } from '../../types';
import { kindErrors } from './shape-errors';

export const denseSpec = defineSpec({
  type: 'Dense',
  order: 10,
  shapeErrors: kindErrors.texts,
  family: 'Core',
  label: 'Dense',
  doc: 'Fully connected: every output is a weighted sum of all inputs plus a bias.',
  params: z.object({
    units: positiveInt(32),
    activation: activation('linear'),
    useBias: z.boolean().default(true),
    kernelInitializer: initializer('glorotUniform'),
  }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = singleInput(inputs, 'Dense');
    if (isInferFailure(x)) return x;
    if (x.length < 2) return fail(kindErrors.error('featureAxis', { layer: 'Dense', shape: formatShape(x) }), 'in');
    const features = x[x.length - 1];
    if (features === null)
      return fail(kindErrors.error('unknownFeatures', { layer: 'Dense', shape: formatShape(x) }), 'in');
    if (x.length > 3)
      // Keras applies Dense to the last axis of any rank. On a sequence that is what a
      // Transformer's feed-forward wants; on an image map a beginner almost always meant Flatten.
      return expectRank(x, 2, 'Dense', '[batch, features]', shapeHint('addFlatten'))!;
    return ok([...x.slice(0, -1), p.units]);
  },
  countParams(inputs, p) {
    const features = inputs[0]![inputs[0]!.length - 1]!;
    return { trainable: features * p.units + (p.useBias ? p.units : 0), nonTrainable: 0 };
  },
  keras: {
    classNames: ['Dense'],
    fromConfig: (c) => ({
      units: c.units,
      activation: activationFromKeras(c.activation),
      useBias: c.use_bias ?? true,
    }),
  },
});

export const specs = [denseSpec];
