/**
 * The docs of the activation functions, in each language (the layer kinds' docs live in
 * their folders under shared/layers/kinds/). `formula` and `range` are TeX.
 */
export interface ActivationDocText {
  /** The function's usual name, e.g. "ReLU". */
  name: string;
  formula: string;
  /** The output range, as TeX, e.g. `(0, 1)`. */
  range: string;
  /** Gradient behaviour and the trade-offs: vanishing gradients, dying units, cost. */
  notes: string;
}

export interface DocsBundle {
  activations: Record<string, ActivationDocText>;
}
