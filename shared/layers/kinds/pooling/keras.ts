import { construct, kwargs, type KerasLayerEmitter } from '../../../codegen/keras';
import { pyValue } from '../../../codegen/python';

// Keras's classes have our names.
const pooling = (type: string): KerasLayerEmitter => ({
  type,
  layer: (p, _ctx, name) => construct(`layers.${type}`, [pyValue(p.poolSize), ...kwargs(p, { strides: ['strides', null], padding: ['padding', 'valid'] })], name),
});
const globalPooling = (type: string): KerasLayerEmitter => ({
  type,
  layer: (p, _ctx, name) => construct(`layers.${type}`, kwargs(p, { keepDims: ['keepdims', false] }), name),
});

export const kerasEmitters: KerasLayerEmitter[] = [
  pooling('MaxPooling1D'),
  pooling('MaxPooling2D'),
  pooling('AveragePooling1D'),
  pooling('AveragePooling2D'),
  globalPooling('GlobalMaxPooling1D'),
  globalPooling('GlobalMaxPooling2D'),
  globalPooling('GlobalAveragePooling1D'),
  globalPooling('GlobalAveragePooling2D'),
];
