/**
 * Layer docs that teach: one entry per catalog kind and per activation function, in each
 * language. Prose may hold inline TeX between `$…$`; `formula` is display TeX.
 */
export interface LayerDocText {
  /** What the layer computes, in a sentence or two. */
  what: string;
  formula?: string;
  /** The parameters that matter most and what turning them does. */
  params?: string;
  /** How the output shape follows from the input shape. */
  shape: string;
  /** When to reach for it (and when not to). */
  use: string;
}

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
  layers: Record<string, LayerDocText>;
  activations: Record<string, ActivationDocText>;
}
