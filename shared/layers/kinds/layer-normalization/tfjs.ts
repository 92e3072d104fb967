import { FastLayerNormalization } from '../../custom';
import { tfjsBuilder } from '../../tfjs-types';
import { layerNormalizationSpec } from './spec';

const layerNormalizationBuilder = tfjsBuilder(layerNormalizationSpec, (p, name) => new FastLayerNormalization({ name, axis: p.axis, epsilon: p.epsilon, center: p.center, scale: p.scale }));

export const tfjsBuilders = [layerNormalizationBuilder];
