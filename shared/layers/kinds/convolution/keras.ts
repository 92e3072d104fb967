import { construct, kwargs, type KerasKeywords, type KerasLayerEmitter } from '../../../codegen/keras';
import { pyValue } from '../../../codegen/python';

const CONV: KerasKeywords = {
  strides: ['strides', [1, 1]],
  padding: ['padding', 'valid'],
  dilationRate: ['dilation_rate', [1, 1]],
  activation: ['activation', 'linear'],
  useBias: ['use_bias', true],
};

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'Conv1D',
    layer: (p, _ctx, name) =>
      construct('layers.Conv1D', [String(p.filters), String(p.kernelSize), ...kwargs(p, { ...CONV, strides: ['strides', 1], dilationRate: ['dilation_rate', 1] })], name),
  },
  { type: 'Conv2D', layer: (p, _ctx, name) => construct('layers.Conv2D', [String(p.filters), pyValue(p.kernelSize), ...kwargs(p, CONV)], name) },
  { type: 'Conv2DTranspose', layer: (p, _ctx, name) => construct('layers.Conv2DTranspose', [String(p.filters), pyValue(p.kernelSize), ...kwargs(p, CONV)], name) },
  {
    type: 'DepthwiseConv2D',
    layer: (p, _ctx, name) => construct('layers.DepthwiseConv2D', [pyValue(p.kernelSize), ...kwargs(p, { ...CONV, depthMultiplier: ['depth_multiplier', 1] })], name),
  },
  {
    type: 'SeparableConv2D',
    layer: (p, _ctx, name) =>
      construct('layers.SeparableConv2D', [String(p.filters), pyValue(p.kernelSize), ...kwargs(p, { ...CONV, depthMultiplier: ['depth_multiplier', 1] })], name),
  },
];
