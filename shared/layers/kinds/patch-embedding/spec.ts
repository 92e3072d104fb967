import { z } from 'zod';
import { positiveInt } from '../../params';
import { fail, formatShape, isInferFailure, ok } from '../../shape-utils';
import { imageInput } from '../../spatial';
import { defineSpec } from '../../types';
import { kindErrors } from './shape-errors';

/** ViT's first layer: an image becomes a sequence of patch vectors a Transformer can read. */
export const patchEmbeddingSpec = defineSpec({
  type: 'PatchEmbedding',
  order: 460,
  shapeErrors: kindErrors.texts,
  family: 'Attention',
  label: 'Patch embedding (ViT)',
  doc: 'Cuts an image into square patches and turns each into a vector: a sequence for a Transformer, optionally led by a class token.',
  params: z.object({
    patchSize: positiveInt(4).describe('side of each square patch, in pixels'),
    embedDim: positiveInt(64).describe('length of each patch’s vector'),
    classToken: z.boolean().default(false).describe('put a learned [CLS] token first; read it back with Take step 0 to classify'),
  }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = imageInput(inputs, 'PatchEmbedding');
    if (isInferFailure(x)) return x;
    const [, height, width] = x;
    for (const [size, axis] of [
      [height, 'height'],
      [width, 'width'],
    ] as const)
      if (size !== null && size! % p.patchSize !== 0)
        return fail(kindErrors.error(axis === 'height' ? 'patchHeight' : 'patchWidth', { patch: p.patchSize, shape: formatShape(x), size: size! }), 'in');
    const patches = height === null || width === null ? null : (height! / p.patchSize) * (width! / p.patchSize) + Number(p.classToken);
    return ok([null, patches, p.embedDim]);
  },
  countParams: (inputs, p) => ({
    trainable: p.patchSize * p.patchSize * inputs[0]![3]! * p.embedDim + p.embedDim + (p.classToken ? p.embedDim : 0),
    nonTrainable: 0,
  }),
  keras: {
    classNames: ['NndPatchEmbedding'],
    fromConfig: (c) => ({ patchSize: c.patch_size, embedDim: c.embed_dim, classToken: c.class_token }),
  },
});

export const specs = [patchEmbeddingSpec];
