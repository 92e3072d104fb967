import { construct, kwargs, type KerasLayerEmitter } from '../../../codegen/keras';

// Keras's classes have our names.
const elementwise = (type: string): KerasLayerEmitter => ({ type, layer: (_p, _ctx, name) => construct(`layers.${type}`, [], name) });

export const kerasEmitters: KerasLayerEmitter[] = [
  elementwise('Add'),
  elementwise('Multiply'),
  elementwise('Average'),
  elementwise('Maximum'),
  elementwise('Minimum'),
  { type: 'Concatenate', layer: (p, _ctx, name) => construct('layers.Concatenate', kwargs(p, { axis: ['axis', -1] }), name) },
];
