import { SinusoidalPositionalEncoding } from '../../custom/positional';
import { tfjsBuilder } from '../../tfjs-types';
import { sinusoidalEncodingSpec } from './spec';

const sinusoidalEncodingBuilder = tfjsBuilder(sinusoidalEncodingSpec, (p, name) => new SinusoidalPositionalEncoding({ name, base: p.base }));

export const tfjsBuilders = [sinusoidalEncodingBuilder];
