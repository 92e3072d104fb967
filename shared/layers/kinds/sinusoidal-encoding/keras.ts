import { construct, type KerasLayerEmitter } from '../../../codegen/keras';
import { pythonHelper } from '../../../codegen/python';
import { kerasSinusoidalEncodingPy } from './keras_sinusoidal_encoding.py.generated';

const SINUSOIDAL_ENCODING_CLASS = pythonHelper('SinusoidalPositionalEncoding', kerasSinusoidalEncodingPy);

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'SinusoidalPositionalEncoding',
    layer: (p, _ctx, name) => construct('SinusoidalPositionalEncoding', [String(p.base)], name),
    helpers: () => [SINUSOIDAL_ENCODING_CLASS],
  },
];
