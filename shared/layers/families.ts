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

/**
 * The stage of a course (perceptron 0, MLP 1, CNN 2, RNN 3, Transformer 4, GNN 5) that a model
 * using a kind of this family belongs to; families not listed fit any stage.
 */
export const COURSE_STAGE_OF_FAMILY: Readonly<Partial<Record<LayerFamily, number>>> = {
  Convolution: 2,
  Recurrent: 3,
  Attention: 4,
  Graph: 5,
};
