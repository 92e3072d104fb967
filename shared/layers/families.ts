/** The layer families in the order a course meets them: the palette's sections, top to bottom. */
export const LAYER_FAMILIES = [
  'Input',
  'Core',
  'Activation',
  'Convolution',
  'Pooling',
  'Normalization',
  'Regularization',
  'Reshape',
  'Merge',
  'Recurrent',
  'Attention',
  'Graph',
] as const;

export type LayerFamily = (typeof LAYER_FAMILIES)[number];
